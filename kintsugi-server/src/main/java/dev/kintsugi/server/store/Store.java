package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditRecord;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads and administrative writes: projects, incidents, events, heal runs. Event ingestion goes
 * through {@link EventWriter}, which batches commits.
 */
public final class Store {

  static final String INCIDENT_COLUMNS =
      "id, project_id, fingerprint, title, culprit, status, event_count, first_seen, last_seen,"
          + " kind";

  private final Database db;
  private final Clock clock;
  private final SecureRandom random;
  private final AuditStore audit;

  public Store(Database db, Clock clock, SecureRandom random) {
    this.db = db;
    this.clock = clock;
    this.random = random;
    this.audit = new AuditStore(db, clock);
  }

  /** Registers a project with a fresh DSN key; it heals new incidents if it has a repository. */
  public Project createProject(String name, Optional<String> repo, List<String> inAppPrefixes) {
    return createProject(name, repo, inAppPrefixes, AutoHeal.ON_NEW);
  }

  /**
   * Registers a project with a fresh DSN key; recorded in the audit trail ({@code project.created},
   * by {@link AuditStore#ADMIN}) in the same transaction.
   */
  public Project createProject(
      String name, Optional<String> repo, List<String> inAppPrefixes, AutoHeal autoHeal) {
    String key = newKey();
    var now = clock.instant();
    try {
      return Tx.run(
          db,
          c -> {
            Project project;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO project (name, dsn_key, repo, in_app_prefixes, created_at,"
                        + " auto_heal, heal_threshold) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
              ps.setString(1, name);
              ps.setString(2, key);
              Jdbc.setOptional(ps, 3, repo);
              ps.setString(4, String.join(",", inAppPrefixes));
              Jdbc.setInstant(ps, 5, now);
              ps.setString(6, autoHeal.wireName());
              ps.setInt(7, autoHeal.threshold());
              ps.executeUpdate();
              try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                project = new Project(rs.getLong(1), name, key, repo, inAppPrefixes, now, autoHeal);
              }
            }
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("name", name);
            detail.put("repo", repo.orElse(""));
            detail.put("inAppPrefixes", String.join(",", inAppPrefixes));
            detail.put("autoHeal", autoHeal.wireName());
            detail.put("healThreshold", Integer.toString(autoHeal.threshold()));
            audit.append(
                c,
                List.of(
                    new AuditStore.Draft(
                        project.id(),
                        null,
                        null,
                        new AuditRecord("project.created", AuditStore.ADMIN, detail))));
            return project;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot create project", e);
    }
  }

  /**
   * Changes when a project's incidents are healed; recorded ({@code heal_policy.changed}, by {@link
   * AuditStore#ADMIN}) in the same transaction. Empty if no such project.
   */
  public Optional<Project> setAutoHeal(long projectId, AutoHeal autoHeal) {
    boolean updated =
        adminChange(
            projectId,
            "UPDATE project SET auto_heal = ?, heal_threshold = ? WHERE id = ?",
            ps -> {
              ps.setString(1, autoHeal.wireName());
              ps.setInt(2, autoHeal.threshold());
              ps.setLong(3, projectId);
            },
            before ->
                new AuditRecord(
                    "heal_policy.changed",
                    AuditStore.ADMIN,
                    orderedMap(
                        "autoHeal",
                        autoHeal.wireName(),
                        "healThreshold",
                        Integer.toString(autoHeal.threshold()),
                        "previous.autoHeal",
                        before.autoHeal().wireName(),
                        "previous.healThreshold",
                        Integer.toString(before.autoHeal().threshold()))));
    return updated ? project(projectId) : Optional.empty();
  }

  /**
   * Replaces a project's DSN key; the old key stops working at once. Recorded ({@code
   * project.key_rotated}, by {@link AuditStore#ADMIN}; never the key) in the same transaction.
   * Empty if no such project.
   */
  public Optional<Project> rotateKey(long projectId) {
    String key = newKey();
    boolean updated =
        adminChange(
            projectId,
            "UPDATE project SET dsn_key = ? WHERE id = ?",
            ps -> {
              ps.setString(1, key);
              ps.setLong(2, projectId);
            },
            before -> new AuditRecord("project.key_rotated", AuditStore.ADMIN, Map.of()));
    return updated ? project(projectId) : Optional.empty();
  }

  /**
   * Moves an incident along its lifecycle on an admin's request, if its status is still {@code
   * expected} (compare and set), recording {@code incident.status_changed} by {@link
   * AuditStore#ADMIN} in the same transaction. Returns whether it moved.
   */
  public boolean moveStatusByAdmin(long incidentId, IncidentStatus expected, IncidentStatus next) {
    try {
      return Tx.run(
          db,
          c -> {
            long projectId;
            try (PreparedStatement ps =
                c.prepareStatement("SELECT project_id FROM incident WHERE id = ?")) {
              ps.setLong(1, incidentId);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  return false;
                }
                projectId = rs.getLong(1);
              }
            }
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE incident SET status = ? WHERE status = ? AND id = ?")) {
              ps.setString(1, next.wireName());
              ps.setString(2, expected.wireName());
              ps.setLong(3, incidentId);
              if (ps.executeUpdate() != 1) {
                return false;
              }
            }
            // A person took the incident over: a fix reverted after release no longer holds its
            // heals back (HealRunStore.due).
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE fix_watch SET state = 'closed' WHERE incident_id = ?"
                        + " AND state = 'regressed'")) {
              ps.setLong(1, incidentId);
              ps.executeUpdate();
            }
            audit.append(
                c,
                List.of(
                    new AuditStore.Draft(
                        projectId,
                        incidentId,
                        null,
                        new AuditRecord(
                            "incident.status_changed",
                            AuditStore.ADMIN,
                            orderedMap("from", expected.wireName(), "to", next.wireName())))));
            return true;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot move the incident: " + e.getMessage(), e);
    }
  }

  /**
   * Runs an admin's update of one project and records it in the same transaction; false (nothing
   * done) when there is no such project.
   */
  private boolean adminChange(
      long projectId,
      String sql,
      Jdbc.Binder binder,
      java.util.function.Function<Project, AuditRecord> record) {
    try {
      return Tx.run(
          db,
          c -> {
            Optional<Project> before;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM project WHERE id = ?")) {
              ps.setLong(1, projectId);
              try (ResultSet rs = ps.executeQuery()) {
                before = rs.next() ? Optional.of(project(rs)) : Optional.empty();
              }
            }
            if (before.isEmpty()) {
              return false;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              binder.bind(ps);
              ps.executeUpdate();
            }
            audit.append(
                c,
                List.of(new AuditStore.Draft(projectId, null, null, record.apply(before.get()))));
            return true;
          });
    } catch (SQLException e) {
      throw new StoreException("update failed: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> orderedMap(String... keyValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put(keyValues[i], keyValues[i + 1]);
    }
    return out;
  }

  public Optional<Project> project(long id) {
    return query("SELECT * FROM project WHERE id = ?", ps -> ps.setLong(1, id), Store::project)
        .stream()
        .findFirst();
  }

  public List<Project> projects() {
    return query("SELECT * FROM project ORDER BY id", ps -> {}, Store::project);
  }

  /**
   * The first registered project of that name: runtime signals and configurations name projects by
   * name, and names are not unique.
   */
  public Optional<Project> projectNamed(String name) {
    return query(
            "SELECT * FROM project WHERE name = ? ORDER BY id",
            ps -> ps.setString(1, name),
            Store::project)
        .stream()
        .findFirst();
  }

  /** A project's incidents, most recently seen first. */
  public List<Incident> incidents(long projectId, int limit) {
    return query(
        "SELECT "
            + INCIDENT_COLUMNS
            + " FROM incident WHERE project_id = ? ORDER BY last_seen DESC, id DESC",
        ps -> {
          ps.setLong(1, projectId);
          ps.setMaxRows(limit);
        },
        Store::incident);
  }

  public Optional<Incident> incident(long id) {
    return query(
            "SELECT " + INCIDENT_COLUMNS + " FROM incident WHERE id = ?",
            ps -> ps.setLong(1, id),
            Store::incident)
        .stream()
        .findFirst();
  }

  /** Distinct values of {@code release} or {@code environment} seen for an incident. */
  public List<String> tagValues(long incidentId, String key) {
    return query(
        "SELECT tag_value FROM incident_tag WHERE incident_id = ? AND tag_key = ?"
            + " ORDER BY first_seen, tag_value",
        ps -> {
          ps.setLong(1, incidentId);
          ps.setString(2, key);
        },
        rs -> rs.getString(1));
  }

  /** Distinct releases first seen in a project's events since {@code since}, newest first. */
  public List<String> releasesSince(long projectId, java.time.Instant since, int limit) {
    return query(
        "SELECT t.tag_value, MAX(t.first_seen) AS seen FROM incident_tag t"
            + " JOIN incident i ON i.id = t.incident_id"
            + " WHERE i.project_id = ? AND t.tag_key = 'release' AND t.first_seen >= ?"
            + " GROUP BY t.tag_value ORDER BY seen DESC",
        ps -> {
          ps.setLong(1, projectId);
          Jdbc.setInstant(ps, 2, since);
          ps.setMaxRows(limit);
        },
        rs -> rs.getString(1));
  }

  public Optional<StoredEvent> latestEvent(long incidentId) {
    return query(
            "SELECT event_id, incident_id, received_at, payload FROM event WHERE incident_id = ?"
                + " ORDER BY id DESC",
            ps -> {
              ps.setLong(1, incidentId);
              ps.setMaxRows(1);
            },
            rs ->
                new StoredEvent(
                    rs.getString("event_id"),
                    rs.getLong("incident_id"),
                    Jdbc.instant(rs, "received_at"),
                    rs.getBytes("payload")))
        .stream()
        .findFirst();
  }

  /** The incident's latest {@code limit} events, newest first. */
  public List<StoredEvent> recentEvents(long incidentId, int limit) {
    return query(
        "SELECT event_id, incident_id, received_at, payload FROM event WHERE incident_id = ?"
            + " ORDER BY id DESC",
        ps -> {
          ps.setLong(1, incidentId);
          ps.setMaxRows(limit);
        },
        rs ->
            new StoredEvent(
                rs.getString("event_id"),
                rs.getLong("incident_id"),
                Jdbc.instant(rs, "received_at"),
                rs.getBytes("payload")));
  }

  /** Event ids stored for a project (for audits and durability checks). */
  public List<String> eventIds(long projectId) {
    return query(
        "SELECT event_id FROM event WHERE project_id = ? ORDER BY id",
        ps -> ps.setLong(1, projectId),
        rs -> rs.getString(1));
  }

  public List<HealRun> healRuns(long incidentId) {
    return query(
        "SELECT * FROM heal_run WHERE incident_id = ? ORDER BY id",
        ps -> ps.setLong(1, incidentId),
        Store::healRun);
  }

  /** One heal run, of any incident. */
  public Optional<HealRun> healRun(long runId) {
    return query("SELECT * FROM heal_run WHERE id = ?", ps -> ps.setLong(1, runId), Store::healRun)
        .stream()
        .findFirst();
  }

  private static HealRun healRun(ResultSet rs) throws SQLException {
    double confidence = rs.getDouble("confidence");
    boolean noConfidence = rs.wasNull();
    return new HealRun(
        rs.getLong("id"),
        rs.getLong("incident_id"),
        rs.getString("status"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "updated_at"),
        Jdbc.optional(rs, "branch"),
        Jdbc.optional(rs, "commit_sha"),
        Jdbc.optional(rs, "pull_request"),
        noConfidence ? OptionalDouble.empty() : OptionalDouble.of(confidence),
        Jdbc.optional(rs, "summary"),
        Jdbc.optional(rs, "trigger_reason"),
        reproduced(rs),
        pullRequestNumber(rs),
        Jdbc.optional(rs, "decision"),
        Jdbc.optional(rs, "merge_commit"),
        Jdbc.optional(rs, "merged_by"),
        review(rs));
  }

  private static Optional<HealRun.Review> review(ResultSet rs) throws SQLException {
    Optional<String> verdict = Jdbc.optional(rs, "review");
    if (verdict.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HealRun.Review(
            verdict.get(),
            Jdbc.optional(rs, "reviewed_by").orElse(""),
            Jdbc.instant(rs, "reviewed_at"),
            Jdbc.optional(rs, "review_note")));
  }

  private static Optional<Integer> pullRequestNumber(ResultSet rs) throws SQLException {
    int number = rs.getInt("pull_request_number");
    return rs.wasNull() ? Optional.empty() : Optional.of(number);
  }

  /**
   * Moves an incident to {@code next} if its status is still {@code expected} (compare and set, so
   * a concurrent regression is not overwritten). Returns whether it moved. Not recorded in the
   * audit trail: the heal scheduler's moves, which {@code heal.started} and {@code heal.finished}
   * record; an admin's go through {@link #moveStatusByAdmin}.
   */
  public boolean moveStatus(long incidentId, IncidentStatus expected, IncidentStatus next) {
    return update(
            "UPDATE incident SET status = ? WHERE status = ? AND id = ?",
            ps -> {
              ps.setString(1, next.wireName());
              ps.setString(2, expected.wireName());
            },
            incidentId)
        == 1;
  }

  /** Incidents that need attention: open or regressed. */
  public long openIncidents() {
    return query(
            "SELECT COUNT(*) FROM incident WHERE status IN ('open', 'regressed')",
            ps -> {},
            rs -> rs.getLong(1))
        .get(0);
  }

  private static Optional<Boolean> reproduced(ResultSet rs) throws SQLException {
    boolean value = rs.getBoolean("reproduced");
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private String newKey() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Project project(ResultSet rs) throws SQLException {
    String prefixes = rs.getString("in_app_prefixes");
    return new Project(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("dsn_key"),
        Jdbc.optional(rs, "repo"),
        prefixes.isEmpty() ? List.of() : Arrays.asList(prefixes.split(",")),
        Jdbc.instant(rs, "created_at"),
        AutoHeal.parse(rs.getString("auto_heal"), rs.getInt("heal_threshold")));
  }

  static Incident incident(ResultSet rs) throws SQLException {
    return new Incident(
        rs.getLong("id"),
        rs.getLong("project_id"),
        rs.getString("fingerprint"),
        rs.getString("title"),
        rs.getString("culprit"),
        IncidentStatus.fromWire(rs.getString("status")).orElse(IncidentStatus.OPEN),
        rs.getLong("event_count"),
        Jdbc.instant(rs, "first_seen"),
        Jdbc.instant(rs, "last_seen"),
        IncidentKind.fromWire(rs.getString("kind")).orElse(IncidentKind.ERROR));
  }

  private <T> List<T> query(String sql, Jdbc.Binder binder, Jdbc.Row<T> row) {
    return Jdbc.query(db, sql, binder, row);
  }

  /** Runs an update whose last parameter is the row id. */
  private int update(String sql, Jdbc.Binder binder, long id) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.setLong(ps.getParameterMetaData().getParameterCount(), id);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("update failed: " + e.getMessage(), e);
    }
  }
}
