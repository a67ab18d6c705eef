package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stages of heal runs ({@code heal_run_step}), for {@link HealRunStore}. */
final class HealStepTable {

  static final int STAGE_CHARS = 40;
  static final int MESSAGE_CHARS = 1000;

  private final Database db;
  private final Clock clock;

  HealStepTable(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** See {@link HealRunStore#addStep}. */
  void add(long runId, String stage, String message) {
    String name = storable(stage == null || stage.isBlank() ? "step" : stage.strip(), STAGE_CHARS);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO heal_run_step (run_id, seq, stage, message, started_at) VALUES (?,"
                    + " (SELECT COALESCE(MAX(seq), 0) + 1 FROM heal_run_step WHERE run_id = ?),"
                    + " ?, ?, ?)")) {
      ps.setLong(1, runId);
      ps.setLong(2, runId);
      ps.setString(3, name);
      ps.setString(4, storable(message == null ? "" : message, MESSAGE_CHARS));
      Jdbc.setInstant(ps, 5, clock.instant());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot store a heal step: " + e.getMessage(), e);
    }
  }

  List<HealStep> of(long runId) {
    String sql =
        "SELECT run_id, seq, stage, message, started_at FROM heal_run_step WHERE run_id = ?"
            + " ORDER BY seq";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, runId);
      List<HealStep> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(step(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read heal steps: " + e.getMessage(), e);
    }
  }

  Map<Long, List<HealStep>> ofIncident(long incidentId) {
    String sql =
        "SELECT s.run_id, s.seq, s.stage, s.message, s.started_at FROM heal_run_step s"
            + " JOIN heal_run r ON r.id = s.run_id WHERE r.incident_id = ?"
            + " ORDER BY s.run_id, s.seq";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, incidentId);
      Map<Long, List<HealStep>> out = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          HealStep step = step(rs);
          out.computeIfAbsent(step.runId(), id -> new ArrayList<>()).add(step);
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read heal steps: " + e.getMessage(), e);
    }
  }

  private static HealStep step(ResultSet rs) throws SQLException {
    return new HealStep(
        rs.getLong("run_id"),
        rs.getInt("seq"),
        rs.getString("stage"),
        rs.getString("message"),
        Jdbc.instant(rs, "started_at"));
  }

  /**
   * {@code text} cut to {@code max} characters (the last an ellipsis) without splitting a surrogate
   * pair, NUL replaced: PostgreSQL refuses it in text, and a step's message may come from an event.
   */
  static String storable(String text, int max) {
    String clean = text.replace('\0', '\uFFFD');
    if (clean.length() <= max) {
      return clean;
    }
    int end = Character.isHighSurrogate(clean.charAt(max - 2)) ? max - 2 : max - 1;
    return clean.substring(0, end) + "…";
  }
}
