package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Runbook runs written as the runtime module writes them ({@code runbook_run}, {@code
 * runbook_run_step}), for tests of what the server reads of them: the server's tests cannot use
 * that module's classes.
 */
public final class RunbookRunRows {
  private RunbookRunRows() {}

  /**
   * A run; {@code acted}, {@code recovered} and {@code incident} may be null, {@code outcome} is
   * null unless {@code state} is done (then the run ended at its last time).
   *
   * @return its id
   */
  public static long run(
      Database db,
      String project,
      String runbook,
      String signal,
      Long incident,
      String state,
      String outcome,
      boolean dryRun,
      Instant detected,
      Instant acted,
      Instant recovered) {
    Instant ended =
        !state.equals("done")
            ? null
            : recovered != null ? recovered : acted != null ? acted : detected;
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO runbook_run (project, runbook, signal_kind, signal, incident_id,"
                    + " state, outcome, dry_run, approval, detected_at, started_at, acted_at,"
                    + " recovered_at, ended_at) VALUES (?, ?, 'health', ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, project);
      ps.setString(2, runbook);
      ps.setString(3, signal);
      if (incident == null) {
        ps.setNull(4, Types.BIGINT);
      } else {
        ps.setLong(4, incident);
      }
      ps.setString(5, state);
      ps.setString(6, outcome);
      ps.setBoolean(7, dryRun);
      ps.setString(8, state.equals("awaiting_approval") ? "required" : "none");
      time(ps, 9, detected);
      time(ps, 10, detected);
      time(ps, 11, acted);
      time(ps, 12, recovered);
      time(ps, 13, ended);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A step of run {@code run}, begun at {@code at}; ended unless it is running. */
  public static void step(
      Database db,
      long run,
      int seq,
      String kind,
      String description,
      String state,
      String detail,
      Instant at) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO runbook_run_step (run_id, seq, phase, action_kind, description,"
                    + " state, detail, started_at, ended_at) VALUES (?, ?, 'do', ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, run);
      ps.setInt(2, seq);
      ps.setString(3, kind);
      ps.setString(4, description);
      ps.setString(5, state);
      ps.setString(6, detail);
      time(ps, 7, at);
      time(ps, 8, state.equals("running") ? null : at.plusSeconds(1));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets a run's state and outcome, as the runtime does when a person decides. */
  public static void finish(Database db, long run, String outcome) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE runbook_run SET state = 'done', outcome = ?, ended_at = started_at"
                    + " WHERE id = ?")) {
      ps.setString(1, outcome);
      ps.setLong(2, run);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void time(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, at.atOffset(ZoneOffset.UTC));
    }
  }
}
