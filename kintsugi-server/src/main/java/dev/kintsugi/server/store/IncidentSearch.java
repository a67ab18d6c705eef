package dev.kintsugi.server.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The incident list as the dashboard shows it: one project's incidents, filtered, newest activity
 * (an event or a heal run's progress) first, each with the policy's decision on its latest heal and
 * its events per hour over the last day.
 */
public final class IncidentSearch {

  /** Hours in a row's event-rate sparkline. */
  public static final int SPARK_HOURS = 24;

  private static final int MAX_ROWS = 200;

  /**
   * The policy's decision on incident {@code i}'s latest heal run, or {@code approved} once a
   * person approved that run's fix (merged or not).
   */
  static final String LATEST_DECISION =
      "(SELECT CASE WHEN r.review = 'approved' THEN 'approved' ELSE r.decision END"
          + " FROM heal_run r WHERE r.incident_id = i.id ORDER BY r.id DESC FETCH FIRST 1 ROWS ONLY)";

  private static final int MAX_TAGS = 100;

  private final Database db;
  private final Clock clock;

  public IncidentSearch(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * What to list: {@code status} a wire name or empty, {@code release} and {@code environment}
   * exact values or empty, {@code text} matched case-insensitively in title and culprit.
   */
  public record Filter(
      long projectId,
      Optional<IncidentStatus> status,
      Optional<String> release,
      Optional<String> environment,
      Optional<String> text) {}

  /**
   * One listed incident.
   *
   * @param lastDecision the policy's decision on its latest heal run, if one was decided, or {@code
   *     approved} once a person approved that run's fix
   * @param lastActivity its last event or the last change of a heal run, whichever is later
   * @param hourly events per hour, oldest first, {@link #SPARK_HOURS} of them ending now
   */
  public record Row(
      Incident incident,
      Optional<String> lastDecision,
      Instant lastActivity,
      List<Integer> hourly) {}

  public List<Row> find(Filter filter) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT i.id, i.project_id, i.fingerprint, i.title, i.culprit, i.status,"
                + " i.event_count, i.first_seen, i.last_seen, i.kind,"
                + " "
                + LATEST_DECISION
                + " AS last_decision,"
                + " (SELECT MAX(r.updated_at) FROM heal_run r WHERE r.incident_id = i.id)"
                + " AS last_run"
                + " FROM incident i WHERE i.project_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(filter.projectId());
    filter
        .status()
        .ifPresent(
            s -> {
              sql.append(" AND i.status = ?");
              args.add(s.wireName());
            });
    tag(sql, args, "release", filter.release());
    tag(sql, args, "environment", filter.environment());
    filter
        .text()
        .filter(t -> !t.isBlank())
        .ifPresent(
            t -> {
              sql.append(
                  " AND (LOWER(i.title) LIKE ? ESCAPE '\\' OR LOWER(i.culprit) LIKE ? ESCAPE '\\')");
              String like = "%" + likeEscaped(t.strip().toLowerCase(Locale.ROOT)) + "%";
              args.add(like);
              args.add(like);
            });
    sql.append(
        " ORDER BY GREATEST(i.last_seen, COALESCE((SELECT MAX(r.updated_at) FROM heal_run r"
            + " WHERE r.incident_id = i.id), i.last_seen)) DESC, i.id DESC");
    List<Row> rows =
        Jdbc.query(
            db,
            sql.toString(),
            ps -> {
              for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
              }
              ps.setMaxRows(MAX_ROWS);
            },
            rs -> {
              Incident incident = Store.incident(rs);
              Instant activity = incident.lastSeen();
              if (rs.getObject("last_run") != null) {
                Instant run = Jdbc.instant(rs, "last_run");
                activity = run.isAfter(activity) ? run : activity;
              }
              return new Row(
                  incident, Jdbc.optional(rs, "last_decision"), activity, List.<Integer>of());
            });
    Map<Long, int[]> hourly = hourly(rows.stream().map(r -> r.incident().id()).toList());
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      int[] counts = hourly.getOrDefault(r.incident().id(), new int[SPARK_HOURS]);
      out.add(
          new Row(
              r.incident(),
              r.lastDecision(),
              r.lastActivity(),
              java.util.Arrays.stream(counts).boxed().toList()));
    }
    return out;
  }

  /** The values of a tag ({@code release} or {@code environment}) seen in a project, sorted. */
  public List<String> tagValues(long projectId, String key) {
    return Jdbc.query(
        db,
        "SELECT DISTINCT t.tag_value FROM incident_tag t JOIN incident i ON i.id = t.incident_id"
            + " WHERE i.project_id = ? AND t.tag_key = ? ORDER BY t.tag_value",
        ps -> {
          ps.setLong(1, projectId);
          ps.setString(2, key);
          ps.setMaxRows(MAX_TAGS);
        },
        rs -> rs.getString(1));
  }

  /** Events per hour of each incident, {@link #SPARK_HOURS} slots ending with the current hour. */
  Map<Long, int[]> hourly(List<Long> incidents) {
    Map<Long, int[]> out = new HashMap<>();
    if (incidents.isEmpty()) {
      return out;
    }
    long nowHour = clock.instant().getEpochSecond() / 3600;
    Instant since = Instant.ofEpochSecond((nowHour - SPARK_HOURS + 1) * 3600);
    String bucket = Jdbc.epochBucket("received_at", 3600);
    String marks = String.join(",", incidents.stream().map(i -> "?").toList());
    Jdbc.query(
        db,
        "SELECT incident_id, "
            + bucket
            + " AS h, COUNT(*) AS n FROM event WHERE incident_id IN ("
            + marks
            + ") AND received_at >= ? GROUP BY incident_id, "
            + bucket,
        ps -> {
          int i = 1;
          for (long id : incidents) {
            ps.setLong(i++, id);
          }
          Jdbc.setInstant(ps, i, since);
        },
        rs -> {
          int slot = (int) (rs.getLong("h") - (nowHour - SPARK_HOURS + 1));
          if (slot >= 0 && slot < SPARK_HOURS) {
            out.computeIfAbsent(rs.getLong("incident_id"), k -> new int[SPARK_HOURS])[slot] =
                (int) Math.min(Integer.MAX_VALUE, rs.getLong("n"));
          }
          return null;
        });
    return out;
  }

  private static void tag(StringBuilder sql, List<Object> args, String key, Optional<String> v) {
    v.filter(s -> !s.isBlank())
        .ifPresent(
            value -> {
              sql.append(
                  " AND EXISTS (SELECT 1 FROM incident_tag t WHERE t.incident_id = i.id"
                      + " AND t.tag_key = ? AND t.tag_value = ?)");
              args.add(key);
              args.add(value);
            });
  }

  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
