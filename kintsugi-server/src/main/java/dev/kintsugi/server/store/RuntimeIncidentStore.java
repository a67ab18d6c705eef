package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runtime incidents ({@link IncidentKind#RUNTIME}): incidents made from a runtime signal rather
 * than from error events, with the signal that opened them and their ranked suspected causes. The
 * repeats of one signal (same project, signal kind and subject) are one incident: counted while it
 * is open, reopened once resolved (a new episode, diagnosed again). Code healing never picks them
 * ({@link HealRunStore#due}, {@link HealRunStore#enqueue}).
 *
 * <p>Recorded in the audit trail, in the same transaction: {@code runtime.opened}, {@code
 * runtime.reopened}, {@code runtime.diagnosed}, {@code runtime.resolved}; repeats are only counted.
 */
public final class RuntimeIncidentStore {

  static final int SUBJECT_CHARS = 500;
  static final int TEXT_CHARS = 2000;
  static final int TITLE_CHARS = 1000;

  private final Database db;
  private final Clock clock;
  private final AuditStore audit;

  public RuntimeIncidentStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.audit = new AuditStore(db, clock);
  }

  /**
   * The signal that opened a runtime incident's current episode.
   *
   * @param signalKind anomaly, health or alert
   * @param subject what it is about: the series, the health check, the alert
   * @param description the signal in a line (untrusted text)
   */
  public record Trigger(String signalKind, String subject, String description, Instant detectedAt) {
    public Trigger {
      Objects.requireNonNull(signalKind, "signalKind");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(detectedAt, "detectedAt");
    }
  }

  /**
   * A suspected cause, rank 1 the likeliest.
   *
   * @param kind release, incident, series or health
   * @param score in [0, 1]
   * @param evidence why, in a sentence (untrusted text: names come from events and scrapes)
   */
  public record Cause(int rank, String kind, String subject, double score, String evidence) {
    public Cause {
      if (rank < 1) {
        throw new IllegalArgumentException("rank must be >= 1, was " + rank);
      }
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(evidence, "evidence");
    }
  }

  /** What {@link #open} did. */
  public enum Episode {
    /** A new incident. */
    OPENED,
    /** A resolved incident opened again: a new episode with this trigger. */
    REOPENED,
    /** A repeat of an incident not resolved: counted, its trigger and diagnosis kept. */
    REPEATED
  }

  /**
   * The incident a signal went to, and what happened to it.
   *
   * @param needsDiagnosis whether this episode started now, so its causes are to be stored
   */
  public record Opening(long incidentId, Episode episode) {
    public boolean needsDiagnosis() {
      return episode != Episode.REPEATED;
    }
  }

  /**
   * A runtime incident's trigger and suspected causes, best first.
   *
   * @param diagnosedAt empty until {@link #diagnosed} stored the causes
   * @param resolvedAt when recovery was reported, if it was
   */
  public record Diagnosis(
      Trigger trigger,
      Optional<Instant> diagnosedAt,
      Optional<Instant> resolvedAt,
      List<Cause> causes) {}

  /**
   * The fingerprint of a runtime signal's incident: {@code rt:} and a hash of its kind and subject
   * (apart from every error fingerprint, which is hex).
   */
  public static String fingerprint(String signalKind, String subject) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((signalKind + "\n" + subject).getBytes(StandardCharsets.UTF_8));
      return "rt:" + HexFormat.of().formatHex(hash).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Opens the project's runtime incident for {@code trigger} (titled {@code title}), reopens it if
   * it was resolved, or counts a repeat.
   */
  public Opening open(long projectId, String title, Trigger trigger) {
    String fingerprint = fingerprint(trigger.signalKind(), trigger.subject());
    try {
      return Tx.run(
          db,
          c -> {
            Optional<Found> found = find(c, projectId, fingerprint);
            if (found.isEmpty()) {
              insert(c, projectId, fingerprint, title, trigger);
              found = find(c, projectId, fingerprint);
              if (found.isPresent() && found.get().count() == 0) {
                long id = found.get().id();
                update(c, "UPDATE incident SET kind = 'runtime', event_count = 1 WHERE id = ?", id);
                writeTrigger(c, id, trigger, false);
                record(c, projectId, id, "runtime.opened", trigger);
                return new Opening(id, Episode.OPENED);
              }
            }
            // Not found after the insert: cannot be (it runs in this transaction).
            Found f = found.orElseThrow(() -> new SQLException("runtime incident vanished"));
            if (!"runtime".equals(f.kind())) {
              throw new SQLException("incident " + f.id() + " is not a runtime incident");
            }
            boolean reopen = IncidentStatus.RESOLVED.wireName().equals(f.status());
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE incident SET event_count = event_count + 1,"
                        + " last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END,"
                        + " status = ? WHERE id = ?")) {
              Jdbc.setInstant(ps, 1, trigger.detectedAt());
              Jdbc.setInstant(ps, 2, trigger.detectedAt());
              ps.setString(3, reopen ? IncidentStatus.OPEN.wireName() : f.status());
              ps.setLong(4, f.id());
              ps.executeUpdate();
            }
            if (!reopen) {
              return new Opening(f.id(), Episode.REPEATED);
            }
            update(c, "DELETE FROM runtime_cause WHERE incident_id = ?", f.id());
            writeTrigger(c, f.id(), trigger, true);
            record(c, projectId, f.id(), "runtime.reopened", trigger);
            return new Opening(f.id(), Episode.REOPENED);
          });
    } catch (SQLException e) {
      throw new StoreException("cannot open a runtime incident: " + e.getMessage(), e);
    }
  }

  /**
   * Stores the suspected causes of a runtime incident's current episode, replacing earlier ones,
   * and records {@code runtime.diagnosed} with the likeliest. False when it is no runtime incident.
   */
  public boolean diagnosed(long incidentId, List<Cause> causes) {
    try {
      return Tx.run(
          db,
          c -> {
            Optional<Long> project = runtimeProject(c, incidentId);
            if (project.isEmpty()) {
              return false;
            }
            update(c, "DELETE FROM runtime_cause WHERE incident_id = ?", incidentId);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO runtime_cause (incident_id, cause_rank, kind, subject, score,"
                        + " evidence) VALUES (?, ?, ?, ?, ?, ?)")) {
              for (Cause cause : causes) {
                ps.setLong(1, incidentId);
                ps.setInt(2, cause.rank());
                ps.setString(3, AuditStore.cut(cause.kind(), 20));
                ps.setString(4, AuditStore.cut(cause.subject(), SUBJECT_CHARS));
                ps.setDouble(5, cause.score());
                ps.setString(6, AuditStore.cut(cause.evidence(), TEXT_CHARS));
                ps.addBatch();
              }
              ps.executeBatch();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE runtime_trigger SET diagnosed_at = ? WHERE incident_id = ?")) {
              Jdbc.setInstant(ps, 1, clock.instant());
              ps.setLong(2, incidentId);
              ps.executeUpdate();
            }
            append(
                c,
                project.get(),
                incidentId,
                AuditRecord.system(
                    "runtime.diagnosed",
                    "causes",
                    Integer.toString(causes.size()),
                    "likeliest",
                    causes.isEmpty() ? "" : causes.get(0).evidence()));
            return true;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot store a diagnosis: " + e.getMessage(), e);
    }
  }

  /**
   * Resolves a runtime incident that recovered ({@code how}: what was seen, for the audit trail);
   * false when it is no runtime incident, or is resolved or ignored already.
   */
  public boolean resolve(long incidentId, Instant at, String how) {
    try {
      return Tx.run(
          db,
          c -> {
            Optional<Long> project = runtimeProject(c, incidentId);
            if (project.isEmpty()) {
              return false;
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE incident SET status = 'resolved' WHERE id = ?"
                        + " AND status NOT IN ('resolved', 'ignored')")) {
              ps.setLong(1, incidentId);
              if (ps.executeUpdate() != 1) {
                return false;
              }
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE runtime_trigger SET resolved_at = ? WHERE incident_id = ?")) {
              Jdbc.setInstant(ps, 1, at);
              ps.setLong(2, incidentId);
              ps.executeUpdate();
            }
            append(
                c,
                project.get(),
                incidentId,
                AuditRecord.system("runtime.resolved", "at", at.toString(), "how", how));
            return true;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot resolve a runtime incident: " + e.getMessage(), e);
    }
  }

  /** The project's runtime incident of a signal kind and subject, if there is one. */
  public Optional<Long> find(long projectId, String signalKind, String subject) {
    return Jdbc.query(
            db,
            "SELECT id FROM incident WHERE project_id = ? AND fingerprint = ? AND kind = 'runtime'",
            ps -> {
              ps.setLong(1, projectId);
              ps.setString(2, fingerprint(signalKind, subject));
            },
            rs -> rs.getLong(1))
        .stream()
        .findFirst();
  }

  /** A runtime incident's trigger and causes; empty when it is no runtime incident. */
  public Optional<Diagnosis> diagnosis(long incidentId) {
    List<Diagnosis> trigger =
        Jdbc.query(
            db,
            "SELECT signal_kind, subject, description, detected_at, diagnosed_at, resolved_at"
                + " FROM runtime_trigger WHERE incident_id = ?",
            ps -> ps.setLong(1, incidentId),
            rs ->
                new Diagnosis(
                    new Trigger(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        Jdbc.instant(rs, "detected_at")),
                    Jdbc.optionalInstant(rs, "diagnosed_at"),
                    Jdbc.optionalInstant(rs, "resolved_at"),
                    List.of()));
    if (trigger.isEmpty()) {
      return Optional.empty();
    }
    List<Cause> causes =
        Jdbc.query(
            db,
            "SELECT cause_rank, kind, subject, score, evidence FROM runtime_cause"
                + " WHERE incident_id = ? ORDER BY cause_rank",
            ps -> ps.setLong(1, incidentId),
            rs ->
                new Cause(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getDouble(4),
                    rs.getString(5)));
    Diagnosis d = trigger.get(0);
    return Optional.of(new Diagnosis(d.trigger(), d.diagnosedAt(), d.resolvedAt(), causes));
  }

  private record Found(long id, String status, String kind, long count) {}

  private static Optional<Found> find(Connection c, long projectId, String fingerprint)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, status, kind, event_count FROM incident"
                + " WHERE project_id = ? AND fingerprint = ?")) {
      ps.setLong(1, projectId);
      ps.setString(2, fingerprint);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Found(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
            : Optional.empty();
      }
    }
  }

  /** Inserts the incident unless another server just did (then it is found and counted). */
  private void insert(
      Connection c, long projectId, String fingerprint, String title, Trigger trigger)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(db.dialect().insertIncidentIfAbsent())) {
      ps.setLong(1, projectId);
      ps.setString(2, fingerprint);
      ps.setString(3, AuditStore.cut(title, TITLE_CHARS));
      ps.setString(4, AuditStore.cut(trigger.subject(), TITLE_CHARS));
      Jdbc.setInstant(ps, 5, trigger.detectedAt());
      Jdbc.setInstant(ps, 6, trigger.detectedAt());
      if (db.dialect() == Dialect.H2) {
        ps.setLong(7, projectId);
        ps.setString(8, fingerprint);
      }
      ps.executeUpdate();
    }
  }

  private static void writeTrigger(Connection c, long id, Trigger t, boolean replace)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            replace
                ? "UPDATE runtime_trigger SET signal_kind = ?, subject = ?, description = ?,"
                    + " detected_at = ?, diagnosed_at = NULL, resolved_at = NULL"
                    + " WHERE incident_id = ?"
                : "INSERT INTO runtime_trigger (signal_kind, subject, description, detected_at,"
                    + " incident_id) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, AuditStore.cut(t.signalKind(), 20));
      ps.setString(2, AuditStore.cut(t.subject(), SUBJECT_CHARS));
      ps.setString(3, AuditStore.cut(t.description(), TEXT_CHARS));
      Jdbc.setInstant(ps, 4, t.detectedAt());
      ps.setLong(5, id);
      ps.executeUpdate();
    }
  }

  private void record(Connection c, long projectId, long id, String action, Trigger t)
      throws SQLException {
    append(
        c,
        projectId,
        id,
        AuditRecord.system(
            action,
            "signal",
            t.signalKind(),
            "subject",
            t.subject(),
            "description",
            t.description(),
            "detectedAt",
            t.detectedAt().toString()));
  }

  /** Appends to the audit trail in the caller's transaction, right before its commit. */
  private void append(Connection c, long projectId, long incidentId, AuditRecord record)
      throws SQLException {
    audit.append(c, List.of(new AuditStore.Draft(projectId, incidentId, null, record)));
  }

  private static Optional<Long> runtimeProject(Connection c, long incidentId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT project_id FROM incident WHERE id = ? AND kind = 'runtime'")) {
      ps.setLong(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private static void update(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }
}
