package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Each project's {@link HealPolicy}; a project that never set one has {@link HealPolicy#DEFAULT}.
 */
public final class HealPolicyStore {

  private final Database db;

  public HealPolicyStore(Database db) {
    this.db = db;
  }

  /** The project's policy (the default when it has none of its own). */
  public HealPolicy get(long projectId) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT heals_per_hour, concurrent_heals, new_heals_per_hour, trusted_refs,"
                    + " min_frame_events FROM heal_policy WHERE project_id = ?")) {
      ps.setLong(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return HealPolicy.DEFAULT;
        }
        String refs = rs.getString(4);
        return new HealPolicy(
            rs.getInt(1),
            rs.getInt(2),
            rs.getInt(3),
            refs.isEmpty() ? List.of() : Arrays.asList(refs.split(",")),
            rs.getInt(5));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the heal policy: " + e.getMessage(), e);
    }
  }

  /** Replaces the project's policy. */
  public void set(long projectId, HealPolicy policy) {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM heal_policy WHERE project_id = ?")) {
          ps.setLong(1, projectId);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO heal_policy (project_id, heals_per_hour, concurrent_heals,"
                    + " new_heals_per_hour, trusted_refs, min_frame_events)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
          ps.setLong(1, projectId);
          ps.setInt(2, policy.healsPerHour());
          ps.setInt(3, policy.concurrentHeals());
          ps.setInt(4, policy.newFingerprintHealsPerHour());
          ps.setString(5, String.join(",", policy.trustedRefs()));
          ps.setInt(6, policy.minFrameEvents());
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot store the heal policy: " + e.getMessage(), e);
    }
  }
}
