package dev.kintsugi.runtime.runbook;

import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runbook runs and their steps in the server's database ({@code runbook_run}, {@code
 * runbook_run_step}, V31; owner and lease, {@code runbook_claim}, V36): the same SQL on H2 and
 * PostgreSQL. Text is cut to its column's size.
 *
 * <p>Stable API: {@link #run}, {@link #runs}, {@link #steps}; the rest is the engine's.
 */
public final class RunbookRuns {

  private static final String COLUMNS =
      "id, project, runbook, signal_kind, signal, incident_id, state, outcome, dry_run, approval,"
          + " approved_by, approval_note, detected_at, started_at, acted_at, recovered_at,"
          + " ended_at";

  private final Database db;
  private final Clock clock;

  public RunbookRuns(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A run to store as it starts. */
  record Start(
      String project,
      String runbook,
      String signalKind,
      String signal,
      Optional<Long> incident,
      boolean dryRun,
      Instant detectedAt) {}

  /** Stores a new run in state {@code triggered}, owned by nobody, and returns its id. */
  long start(Start s) {
    return write(c -> insert(c, s, null, null));
  }

  private long insert(Connection c, Start s, String owner, Instant leaseUntil) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO runbook_run (project, runbook, signal_kind, signal, incident_id,"
                + " state, dry_run, approval, detected_at, started_at, owner_node, lease_until)"
                + " VALUES (?, ?, ?, ?, ?, 'triggered', ?, 'none', ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, AuditStore.cut(s.project(), 200));
      ps.setString(2, AuditStore.cut(s.runbook(), 200));
      ps.setString(3, s.signalKind());
      ps.setString(4, AuditStore.cut(s.signal(), 1000));
      if (s.incident().isPresent()) {
        ps.setLong(5, s.incident().get());
      } else {
        ps.setNull(5, Types.BIGINT);
      }
      ps.setBoolean(6, s.dryRun());
      setInstant(ps, 7, s.detectedAt());
      setInstant(ps, 8, clock.instant());
      if (owner == null) {
        ps.setNull(9, Types.VARCHAR);
        ps.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setString(9, AuditStore.cut(owner, 200));
        setInstant(ps, 10, leaseUntil);
      }
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Moves a run that is not done to {@code state}. */
  void state(long run, String state) {
    update("UPDATE runbook_run SET state = ? WHERE id = ? AND state <> 'done'", state, run);
  }

  /** Marks a run as waiting for a person. */
  void awaitApproval(long run) {
    update(
        "UPDATE runbook_run SET state = ?, approval = 'required', owner_node = NULL,"
            + " lease_until = NULL WHERE id = ?",
        RunbookRun.AWAITING_APPROVAL,
        run);
  }

  /**
   * Records a person's decision on a run that awaits it; false when it awaits none (already
   * decided, or never asked), so only one decision ever continues a run.
   */
  boolean decide(long run, boolean approved, String who, String note) {
    return write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runbook_run SET approval = ?, approved_by = ?, approval_note = ?,"
                      + " state = ?, owner_node = NULL, lease_until = NULL"
                      + " WHERE id = ? AND state = ? AND approval = 'required'")) {
            ps.setString(1, approved ? "approved" : "rejected");
            ps.setString(2, AuditStore.cut(who, 200));
            ps.setString(3, AuditStore.cut(note, 1000));
            ps.setString(4, approved ? "acting" : RunbookRun.DONE);
            ps.setLong(5, run);
            ps.setString(6, RunbookRun.AWAITING_APPROVAL);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Records when the first action took effect (later ones keep it). */
  void acted(long run, Instant at) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runbook_run SET acted_at = ? WHERE id = ? AND acted_at IS NULL")) {
            setInstant(ps, 1, at);
            ps.setLong(2, run);
            return ps.executeUpdate();
          }
        });
  }

  /** Ends a run with its outcome. */
  void finish(long run, String outcome, Optional<Instant> recoveredAt) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runbook_run SET state = 'done', outcome = ?, recovered_at = ?,"
                      + " ended_at = ?, lease_until = NULL WHERE id = ?")) {
            ps.setString(1, outcome);
            if (recoveredAt.isPresent()) {
              setInstant(ps, 2, recoveredAt.get());
            } else {
              ps.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            setInstant(ps, 3, clock.instant());
            ps.setLong(4, run);
            return ps.executeUpdate();
          }
        });
  }

  /** What a claim decided: the run stored (owned by the claimer), or why none was. */
  record Claimed(Optional<Long> run, Optional<String> skipped) {}

  /**
   * Stores a new run owned by {@code owner} until {@code leaseUntil} unless the runbook is busy or
   * its guards say no: in one transaction that holds the runbook's {@code runbook_claim} row (so
   * nodes claiming the same runbook take turns), a run of it not done yet skips; else {@code
   * guards} judges its runs started since {@code since} (newest first), read in that transaction.
   */
  Claimed claim(
      Start s,
      String owner,
      Instant leaseUntil,
      Instant since,
      Function<List<RunbookRun>, Optional<String>> guards) {
    String project = AuditStore.cut(s.project(), 200);
    String runbook = AuditStore.cut(s.runbook(), 200);
    return write(
        c -> {
          claimRow(c, project, runbook);
          c.setAutoCommit(false);
          try {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT runbook FROM runbook_claim WHERE project = ? AND runbook = ?"
                        + " FOR UPDATE")) {
              ps.setString(1, project);
              ps.setString(2, runbook);
              ps.executeQuery().close();
            }
            List<RunbookRun> active =
                query(
                    c,
                    "SELECT "
                        + COLUMNS
                        + " FROM runbook_run WHERE project = ? AND runbook = ? AND state <> 'done'"
                        + " ORDER BY id",
                    List.of(project, runbook),
                    1);
            Optional<String> skip =
                active.isEmpty()
                    ? guards.apply(
                        query(
                            c,
                            "SELECT "
                                + COLUMNS
                                + " FROM runbook_run WHERE project = ? AND runbook = ?"
                                + " AND started_at >= ? ORDER BY id DESC",
                            List.of(project, runbook, since),
                            0))
                    : Optional.of(busy(active.get(0)));
            if (skip.isPresent()) {
              c.rollback();
              return new Claimed(Optional.empty(), skip);
            }
            long id = insert(c, s, owner, leaseUntil);
            c.commit();
            return new Claimed(Optional.of(id), Optional.empty());
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  private static String busy(RunbookRun run) {
    return run.state().equals(RunbookRun.AWAITING_APPROVAL)
        ? "run " + run.id() + " awaits approval"
        : "run " + run.id() + " is under way (" + run.state() + ")";
  }

  /** Makes sure the runbook has its claim row; a node that inserted it first is as good. */
  private static void claimRow(Connection c, String project, String runbook) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO runbook_claim (project, runbook) SELECT ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM runbook_claim WHERE project = ? AND runbook = ?)")) {
      ps.setString(1, project);
      ps.setString(2, runbook);
      ps.setString(3, project);
      ps.setString(4, runbook);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) { // unique violation: another node was first
        throw e;
      }
    }
  }

  /**
   * Takes a run over: it becomes {@code owner}'s until {@code until}, if it is under way (not done,
   * not awaiting approval) and has no owner or its owner's lease ran out by {@code now}. Only one
   * node ever wins a run's expired lease.
   */
  boolean takeOver(long run, String owner, Instant now, Instant until) {
    return write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runbook_run SET owner_node = ?, lease_until = ? WHERE id = ?"
                      + " AND state <> 'done' AND state <> ?"
                      + " AND (owner_node IS NULL OR lease_until IS NULL OR lease_until <= ?)")) {
            ps.setString(1, AuditStore.cut(owner, 200));
            setInstant(ps, 2, until);
            ps.setLong(3, run);
            ps.setString(4, RunbookRun.AWAITING_APPROVAL);
            setInstant(ps, 5, now);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Extends {@code owner}'s lease on a run; false when the run is no longer its (or done). */
  boolean renew(long run, String owner, Instant until) {
    return write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runbook_run SET lease_until = ? WHERE id = ? AND owner_node = ?"
                      + " AND state <> 'done'")) {
            setInstant(ps, 1, until);
            ps.setLong(2, run);
            ps.setString(3, AuditStore.cut(owner, 200));
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Lets go of a run {@code owner} holds (its lease ends {@code now}) for another node. */
  void release(long run, String owner, Instant now) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runbook_run SET lease_until = ? WHERE id = ? AND owner_node = ?")) {
            setInstant(ps, 1, now);
            ps.setLong(2, run);
            ps.setString(3, AuditStore.cut(owner, 200));
            return ps.executeUpdate();
          }
        });
  }

  /** Who holds a run (and until when); empty when nobody does. */
  Optional<Lease> lease(long run) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT owner_node, lease_until FROM runbook_run WHERE id = ?")) {
      ps.setLong(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) {
          return Optional.empty();
        }
        return Optional.of(
            new Lease(rs.getString(1), instant(rs, "lease_until").orElse(Instant.EPOCH)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read a runbook run's lease: " + e.getMessage(), e);
    }
  }

  /** A node's hold on a run. */
  record Lease(String owner, Instant until) {}

  /**
   * Runs under way that nobody holds: no owner (approved on a node that does not work, or stored by
   * a version without leases) or a lease that ran out by {@code now}; oldest first.
   */
  List<RunbookRun> orphaned(Instant now) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM runbook_run WHERE state <> 'done' AND state <> ?"
            + " AND (owner_node IS NULL OR lease_until IS NULL OR lease_until <= ?) ORDER BY id",
        List.of(RunbookRun.AWAITING_APPROVAL, now));
  }

  /** Stores a step before it is acted on and returns its number in the run. */
  int step(long run, String phase, String kind, String description, String state) {
    return write(
        c -> {
          int seq;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COALESCE(MAX(seq), 0) + 1 FROM runbook_run_step WHERE run_id = ?")) {
            ps.setLong(1, run);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              seq = rs.getInt(1);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO runbook_run_step (run_id, seq, phase, action_kind, description,"
                      + " state, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, run);
            ps.setInt(2, seq);
            ps.setString(3, phase);
            ps.setString(4, AuditStore.cut(kind, 100));
            ps.setString(5, AuditStore.cut(description, 1000));
            ps.setString(6, state);
            setInstant(ps, 7, clock.instant());
            ps.executeUpdate();
          }
          return seq;
        });
  }

  /** Records how a step ended. */
  void stepEnded(long run, int seq, String state, String detail) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runbook_run_step SET state = ?, detail = ?, ended_at = ?"
                      + " WHERE run_id = ? AND seq = ?")) {
            ps.setString(1, state);
            ps.setString(2, AuditStore.cut(detail, 1000));
            setInstant(ps, 3, clock.instant());
            ps.setLong(4, run);
            ps.setInt(5, seq);
            return ps.executeUpdate();
          }
        });
  }

  /** A run by id. */
  public Optional<RunbookRun> run(long id) {
    return query("SELECT " + COLUMNS + " FROM runbook_run WHERE id = ?", List.of(id)).stream()
        .findFirst();
  }

  /** A project's newest runs, newest first. */
  public List<RunbookRun> runs(String project, int limit) {
    return query(
        "SELECT " + COLUMNS + " FROM runbook_run WHERE project = ? ORDER BY id DESC",
        List.of(project),
        limit);
  }

  /** A project's runs started at or after {@code since}, oldest first (for MTTR). */
  public List<RunbookRun> runsSince(String project, Instant since) {
    return query(
        "SELECT " + COLUMNS + " FROM runbook_run WHERE project = ? AND started_at >= ? ORDER BY id",
        List.of(project, since));
  }

  /** Runs not done (awaiting approval, or left half done by a stop), oldest first. */
  List<RunbookRun> unfinished() {
    return query(
        "SELECT " + COLUMNS + " FROM runbook_run WHERE state <> 'done' ORDER BY id", List.of());
  }

  /** The runbook's runs started at or after {@code since}, newest first. */
  List<RunbookRun> runsOf(String project, String runbook, Instant since) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM runbook_run WHERE project = ? AND runbook = ? AND started_at >= ?"
            + " ORDER BY id DESC",
        List.of(project, runbook, since));
  }

  /** A run's steps in order. */
  public List<RunbookRun.Step> steps(long run) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT run_id, seq, phase, action_kind, description, state, detail, started_at,"
                    + " ended_at FROM runbook_run_step WHERE run_id = ? ORDER BY seq")) {
      ps.setLong(1, run);
      List<RunbookRun.Step> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new RunbookRun.Step(
                  rs.getLong(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  Optional.ofNullable(rs.getString(7)),
                  instant(rs, "started_at").orElseThrow(),
                  instant(rs, "ended_at")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read runbook steps: " + e.getMessage(), e);
    }
  }

  /**
   * Per action kind, how often runs of signals of {@code signalKind} that did it verified: the do
   * steps done in runs that ended recovered or escalated (dry, refused and interrupted runs say
   * nothing about the action).
   */
  Map<String, Tally> tallies(String signalKind) {
    Map<String, Tally> out = new LinkedHashMap<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.action_kind, COUNT(DISTINCT r.id),"
                    + " COUNT(DISTINCT CASE WHEN r.outcome = 'recovered' THEN r.id END)"
                    + " FROM runbook_run_step s JOIN runbook_run r ON r.id = s.run_id"
                    + " WHERE r.signal_kind = ? AND s.phase = 'do' AND s.state = 'done'"
                    + " AND r.outcome IN ('recovered', 'escalated') GROUP BY s.action_kind")) {
      ps.setString(1, signalKind);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new Tally(rs.getInt(2), rs.getInt(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read runbook outcomes: " + e.getMessage(), e);
    }
  }

  /** How many runs did an action, and how many of them verified. */
  record Tally(int runs, int verified) {}

  private List<RunbookRun> query(String sql, List<Object> params) {
    return query(sql, params, 0);
  }

  private List<RunbookRun> query(String sql, List<Object> params, int limit) {
    try (Connection c = db.dataSource().getConnection()) {
      return query(c, sql, params, limit);
    } catch (SQLException e) {
      throw new StoreException("cannot read runbook runs: " + e.getMessage(), e);
    }
  }

  private static List<RunbookRun> query(Connection c, String sql, List<Object> params, int limit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        Object p = params.get(i);
        if (p instanceof Instant at) {
          setInstant(ps, i + 1, at);
        } else {
          ps.setObject(i + 1, p);
        }
      }
      if (limit > 0) {
        ps.setMaxRows(limit);
      }
      List<RunbookRun> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(run(rs));
        }
      }
      return out;
    }
  }

  private static RunbookRun run(ResultSet rs) throws SQLException {
    long incident = rs.getLong("incident_id");
    Optional<Long> incidentId = rs.wasNull() ? Optional.empty() : Optional.of(incident);
    return new RunbookRun(
        rs.getLong("id"),
        rs.getString("project"),
        rs.getString("runbook"),
        rs.getString("signal_kind"),
        rs.getString("signal"),
        incidentId,
        rs.getString("state"),
        Optional.ofNullable(rs.getString("outcome")),
        rs.getBoolean("dry_run"),
        rs.getString("approval"),
        Optional.ofNullable(rs.getString("approved_by")),
        Optional.ofNullable(rs.getString("approval_note")),
        instant(rs, "detected_at").orElseThrow(),
        instant(rs, "started_at").orElseThrow(),
        instant(rs, "acted_at"),
        instant(rs, "recovered_at"),
        instant(rs, "ended_at"));
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T write(Work<T> work) {
    try (Connection c = db.dataSource().getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("cannot store a runbook run: " + e.getMessage(), e);
    }
  }

  private void update(String sql, String value, long run) {
    write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setLong(2, run);
            return ps.executeUpdate();
          }
        });
  }

  private static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    ps.setObject(index, at.atOffset(ZoneOffset.UTC));
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
  }
}
