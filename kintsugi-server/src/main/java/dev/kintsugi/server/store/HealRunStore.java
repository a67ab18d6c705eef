package dev.kintsugi.server.store;

import dev.kintsugi.core.incident.IncidentHealOutcome;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The persisted state machine of production heals: {@code queued → running → fixed | not_fixed |
 * error}. Every transition is stored before it is acted on, so a server killed mid-heal finds the
 * run {@code running} at the next start and queues it again ({@link #requeueInterrupted}).
 */
public final class HealRunStore {

  /** Statuses a run ends in. */
  public static final List<String> FINAL = List.of("fixed", "not_fixed", "error");

  private final Database db;
  private final Clock clock;

  public HealRunStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A run taken off the queue: which incident, of which project, and why it was queued. */
  public record Claimed(long runId, long incidentId, long projectId, String trigger) {}

  /**
   * Queues a run for every incident its project's auto-heal policy says is due and that has no run
   * yet (a regressed incident: no run in progress). Returns how many were queued.
   */
  public int enqueueDue() {
    String due =
        "SELECT i.id, i.status, p.auto_heal, p.heal_threshold FROM incident i"
            + " JOIN project p ON p.id = i.project_id"
            + " WHERE p.repo IS NOT NULL AND p.auto_heal <> 'off'"
            + " AND i.status IN ('open', 'regressed')"
            + " AND (p.auto_heal = 'new' OR i.event_count >= p.heal_threshold)"
            + " AND NOT EXISTS (SELECT 1 FROM heal_run r WHERE r.incident_id = i.id"
            + " AND (i.status = 'open' OR r.status IN ('queued', 'running')))"
            + " ORDER BY i.id";
    try (Connection c = db.dataSource().getConnection()) {
      List<long[]> ids = new ArrayList<>();
      List<String> triggers = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(due);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(new long[] {rs.getLong(1)});
          triggers.add(
              "regressed".equals(rs.getString(2))
                  ? "incident regressed"
                  : "threshold".equals(rs.getString(3))
                      ? "seen " + rs.getInt(4) + " time(s)"
                      : "new incident");
        }
      }
      for (int i = 0; i < ids.size(); i++) {
        insertQueued(c, ids.get(i)[0], triggers.get(i));
      }
      return ids.size();
    } catch (SQLException e) {
      throw new StoreException("cannot queue due heals: " + e.getMessage(), e);
    }
  }

  /**
   * Queues a run for one incident on request, unless one is already queued or running. Returns the
   * new run's id, or empty when one was in progress.
   */
  public Optional<Long> enqueue(long incidentId, String trigger) {
    try (Connection c = db.dataSource().getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT COUNT(*) FROM heal_run WHERE incident_id = ?"
                  + " AND status IN ('queued', 'running')")) {
        ps.setLong(1, incidentId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return Optional.empty();
          }
        }
      }
      return Optional.of(insertQueued(c, incidentId, trigger));
    } catch (SQLException e) {
      throw new StoreException("cannot queue a heal: " + e.getMessage(), e);
    }
  }

  /** Takes the oldest queued run and marks it running (compare-and-set). */
  public Optional<Claimed> claimNext() {
    String next =
        "SELECT r.id, r.incident_id, i.project_id, r.trigger_reason FROM heal_run r"
            + " JOIN incident i ON i.id = r.incident_id WHERE r.status = 'queued' ORDER BY r.id";
    try (Connection c = db.dataSource().getConnection()) {
      List<Claimed> queued = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(next)) {
        ps.setMaxRows(5);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            queued.add(
                new Claimed(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    Optional.ofNullable(rs.getString(4)).orElse("")));
          }
        }
      }
      for (Claimed run : queued) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE heal_run SET status = 'running', updated_at = ?"
                    + " WHERE id = ? AND status = 'queued'")) {
          Jdbc.setInstant(ps, 1, clock.instant());
          ps.setLong(2, run.runId());
          if (ps.executeUpdate() == 1) {
            return Optional.of(run);
          }
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw new StoreException("cannot claim a heal run: " + e.getMessage(), e);
    }
  }

  /** Stores how a running run ended. */
  public void finish(long runId, IncidentHealOutcome result) {
    if (!FINAL.contains(result.status())) {
      throw new IllegalArgumentException("not a final heal status: " + result.status());
    }
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE heal_run SET status = ?, updated_at = ?, branch = ?, commit_sha = ?,"
                    + " confidence = ?, summary = ?, reproduced = ?, report = ? WHERE id = ?")) {
      ps.setString(1, result.status());
      Jdbc.setInstant(ps, 2, clock.instant());
      Jdbc.setOptional(ps, 3, result.branch());
      Jdbc.setOptional(ps, 4, result.commit());
      if (result.confidence().isPresent()) {
        ps.setDouble(5, result.confidence().get());
      } else {
        ps.setNull(5, Types.DOUBLE);
      }
      ps.setString(6, shorten(result.summary(), 4000));
      ps.setBoolean(7, result.reproduced());
      ps.setBytes(8, result.reportJson().getBytes(StandardCharsets.UTF_8));
      ps.setLong(9, runId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot store the heal result: " + e.getMessage(), e);
    }
  }

  /** Runs left {@code running} by a stopped server go back to the queue; returns how many. */
  public int requeueInterrupted() {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE heal_run SET status = 'queued', updated_at = ?,"
                    + " summary = 'interrupted by a server stop; queued again'"
                    + " WHERE status = 'running'")) {
      Jdbc.setInstant(ps, 1, clock.instant());
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot requeue heal runs: " + e.getMessage(), e);
    }
  }

  /** The stored heal report (JSON) of a run, if it has ended. */
  public Optional<String> report(long runId) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT report FROM heal_run WHERE id = ?")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        byte[] report = rs.getBytes(1);
        return report == null
            ? Optional.empty()
            : Optional.of(new String(report, StandardCharsets.UTF_8));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the heal report: " + e.getMessage(), e);
    }
  }

  private long insertQueued(Connection c, long incidentId, String trigger) throws SQLException {
    Instant now = clock.instant();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO heal_run (incident_id, status, created_at, updated_at, trigger_reason)"
                + " VALUES (?, 'queued', ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, incidentId);
      Jdbc.setInstant(ps, 2, now);
      Jdbc.setInstant(ps, 3, now);
      ps.setString(4, shorten(trigger, 200));
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
