package dev.kintsugi.server.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard overview's numbers, over all projects or one: events per minute, incidents by
 * status, how heals ended, how long errors took to be fixed, and a day-by-day history. Times are
 * bucketed by whole UTC minutes and days since the epoch, portably ({@code FLOOR(EXTRACT(EPOCH FROM
 * t) / width)} on H2 and PostgreSQL alike).
 */
public final class OverviewStats {

  /** Minutes in {@link #eventsPerMinute}. */
  public static final int MINUTES = 60;

  /** Days in {@link #days}. */
  public static final int DAYS = 14;

  /** The window of {@link Outcomes#recent}. */
  public static final Duration RECENT = Duration.ofDays(7);

  private static final long MINUTE = 60;
  private static final long DAY = 86_400;

  private final Database db;
  private final Clock clock;

  public OverviewStats(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * How many of a project's incidents are in a status.
   *
   * @param lastDecision the policy's decision on the latest heal of a {@code fix_proposed} incident
   *     (empty for other statuses), which tells a fix awaiting approval from one that only awaits
   *     its merge
   */
  public record StatusCount(
      long projectId, IncidentStatus status, Optional<String> lastDecision, long count) {}

  /**
   * Finished heal runs by how they ended.
   *
   * @param notFixed {@code not_fixed}
   */
  public record HealCounts(long fixed, long notFixed, long error) {}

  /**
   * @param recent runs that ended in the last {@link #RECENT}
   * @param allTime every run that ended
   */
  public record Outcomes(HealCounts recent, HealCounts allTime) {}

  /**
   * One UTC day.
   *
   * @param incidentsOpened incidents first seen that day
   * @param healsFixed heal runs that ended fixed that day
   */
  public record Day(LocalDate day, long events, long incidentsOpened, long healsFixed) {}

  /**
   * Events received in each of the last {@link #MINUTES} minutes, oldest first; the last is the
   * current minute.
   */
  public List<Long> eventsPerMinute(Optional<Long> project) {
    long now = clock.instant().getEpochSecond() / MINUTE;
    return counts(
        "event", "received_at", "project_id", "", MINUTE, now - MINUTES + 1, MINUTES, project);
  }

  /** Incidents by project, status and (for {@code fix_proposed}) latest heal decision. */
  public List<StatusCount> incidentsByStatus() {
    return Jdbc.query(
        db,
        "SELECT project_id, status, decision, COUNT(*) AS n FROM (SELECT i.project_id, i.status,"
            + " CASE WHEN i.status = 'fix_proposed' THEN "
            + IncidentSearch.LATEST_DECISION
            + " END AS decision FROM incident i) x GROUP BY project_id, status, decision",
        ps -> {},
        rs ->
            new StatusCount(
                rs.getLong("project_id"),
                IncidentStatus.fromWire(rs.getString("status")).orElseThrow(),
                Jdbc.optional(rs, "decision"),
                rs.getLong("n")));
  }

  /** How finished heal runs ended: in the last {@link #RECENT} and in all. */
  public Outcomes healOutcomes(Optional<Long> project) {
    long[] recent = new long[3];
    long[] all = new long[3];
    Instant since = clock.instant().minus(RECENT);
    Jdbc.query(
        db,
        "SELECT r.status, COUNT(*) AS n,"
            + " SUM(CASE WHEN r.updated_at >= ? THEN 1 ELSE 0 END) AS recent"
            + " FROM heal_run r JOIN incident i ON i.id = r.incident_id"
            + " WHERE r.status IN ('fixed', 'not_fixed', 'error')"
            + (project.isPresent() ? " AND i.project_id = ?" : "")
            + " GROUP BY r.status",
        ps -> {
          Jdbc.setInstant(ps, 1, since);
          if (project.isPresent()) {
            ps.setLong(2, project.get());
          }
        },
        rs -> {
          int slot = HealRunStore.FINAL.indexOf(rs.getString("status"));
          all[slot] = rs.getLong("n");
          recent[slot] = rs.getLong("recent");
          return null;
        });
    return new Outcomes(
        new HealCounts(recent[0], recent[1], recent[2]), new HealCounts(all[0], all[1], all[2]));
  }

  /**
   * How long errors took to be fixed: for each incident a heal fixed, the time from its first event
   * to the end of the first heal run that fixed it.
   *
   * @param incidents how many incidents were fixed
   * @param median the median of their times (of an even count, the mean of the middle two); empty
   *     when none was fixed
   */
  public record FixTimes(int incidents, Optional<Duration> median) {}

  public FixTimes fixTimes(Optional<Long> project) {
    List<Duration> times =
        Jdbc.query(
            db,
            "SELECT i.first_seen, MIN(r.updated_at) AS fixed_at FROM incident i"
                + " JOIN heal_run r ON r.incident_id = i.id WHERE r.status = 'fixed'"
                + (project.isPresent() ? " AND i.project_id = ?" : "")
                + " GROUP BY i.id, i.first_seen",
            ps -> {
              if (project.isPresent()) {
                ps.setLong(1, project.get());
              }
            },
            rs -> {
              Duration d =
                  Duration.between(Jdbc.instant(rs, "first_seen"), Jdbc.instant(rs, "fixed_at"));
              return d.isNegative() ? Duration.ZERO : d;
            });
    return new FixTimes(times.size(), median(times));
  }

  static Optional<Duration> median(List<Duration> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<Duration> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return Optional.of(
        sorted.size() % 2 == 1
            ? sorted.get(mid)
            : sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2));
  }

  /** The last {@link #DAYS} UTC days, oldest first; the last is today. */
  public List<Day> days(Optional<Long> project) {
    long today = clock.instant().getEpochSecond() / DAY;
    long first = today - DAYS + 1;
    List<Long> events = counts("event", "received_at", "project_id", "", DAY, first, DAYS, project);
    List<Long> opened =
        counts("incident", "first_seen", "project_id", "", DAY, first, DAYS, project);
    List<Long> fixed =
        counts(
            "heal_run r JOIN incident i ON i.id = r.incident_id",
            "r.updated_at",
            "i.project_id",
            " AND r.status = 'fixed'",
            DAY,
            first,
            DAYS,
            project);
    List<Day> out = new ArrayList<>(DAYS);
    for (int i = 0; i < DAYS; i++) {
      out.add(new Day(LocalDate.ofEpochDay(first + i), events.get(i), opened.get(i), fixed.get(i)));
    }
    return out;
  }

  /**
   * Rows of {@code from} counted by {@code width}-second buckets of {@code column}, for the {@code
   * n} buckets from bucket {@code first} (counted from the epoch). Every argument but {@code
   * project} is a constant of this class.
   */
  private List<Long> counts(
      String from,
      String column,
      String projectColumn,
      String filter,
      long width,
      long first,
      int n,
      Optional<Long> project) {
    String bucket = Jdbc.epochBucket(column, width);
    long[] counts = new long[n];
    Jdbc.query(
        db,
        "SELECT "
            + bucket
            + " AS b, COUNT(*) AS n FROM "
            + from
            + " WHERE "
            + column
            + " >= ? AND "
            + column
            + " < ?"
            + filter
            + (project.isPresent() ? " AND " + projectColumn + " = ?" : "")
            + " GROUP BY "
            + bucket,
        ps -> {
          Jdbc.setInstant(ps, 1, Instant.ofEpochSecond(first * width));
          Jdbc.setInstant(ps, 2, Instant.ofEpochSecond((first + n) * width));
          if (project.isPresent()) {
            ps.setLong(3, project.get());
          }
        },
        rs -> {
          long slot = rs.getLong("b") - first;
          if (slot >= 0 && slot < n) {
            counts[(int) slot] = rs.getLong("n");
          }
          return null;
        });
    return java.util.Arrays.stream(counts).boxed().toList();
  }
}
