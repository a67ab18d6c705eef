package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each project's {@link HealPolicy}; a project that never set one has {@link HealPolicy#DEFAULT}.
 * Changes are recorded in the audit trail ({@code heal_policy.changed}) with the change.
 */
public final class HealPolicyStore {

  private final Database db;
  private final AuditStore audit;

  public HealPolicyStore(Database db) {
    this.db = db;
    this.audit = new AuditStore(db, Clock.systemUTC());
  }

  /** The project's policy (the default when it has none of its own). */
  public HealPolicy get(long projectId) {
    try (Connection c = db.dataSource().getConnection()) {
      return get(c, projectId);
    } catch (SQLException e) {
      throw new StoreException("cannot read the heal policy: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the project's policy, recording {@code heal_policy.changed} by {@link
   * AuditStore#ADMIN} (the new values, and the previous ones of the fields that changed) in the
   * same transaction.
   */
  public void set(long projectId, HealPolicy policy) {
    try {
      Tx.run(
          db,
          c -> {
            HealPolicy before = get(c, projectId);
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
            audit.append(
                c,
                List.of(
                    new AuditStore.Draft(
                        projectId,
                        null,
                        null,
                        new AuditRecord(
                            "heal_policy.changed", AuditStore.ADMIN, change(before, policy)))));
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot store the heal policy: " + e.getMessage(), e);
    }
  }

  /** The new values, then {@code previous.<field>} for each field that changed. */
  private static Map<String, String> change(HealPolicy before, HealPolicy after) {
    Map<String, String> now = fields(after);
    Map<String, String> was = fields(before);
    Map<String, String> out = new LinkedHashMap<>(now);
    now.forEach(
        (field, value) -> {
          if (!value.equals(was.get(field))) {
            out.put("previous." + field, was.get(field));
          }
        });
    return out;
  }

  private static Map<String, String> fields(HealPolicy p) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("healsPerHour", Integer.toString(p.healsPerHour()));
    out.put("concurrentHeals", Integer.toString(p.concurrentHeals()));
    out.put("newFingerprintHealsPerHour", Integer.toString(p.newFingerprintHealsPerHour()));
    out.put("trustedRefs", String.join(",", p.trustedRefs()));
    out.put("minFrameEvents", Integer.toString(p.minFrameEvents()));
    return out;
  }

  private static HealPolicy get(Connection c, long projectId) throws SQLException {
    try (PreparedStatement ps =
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
    }
  }
}
