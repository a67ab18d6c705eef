package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each project's {@link DeliverySettings}; a project that never set them has {@link
 * DeliverySettings#DEFAULT}. Changes are recorded ({@code project.delivery_changed}, by the admin)
 * in the transaction that makes them; a policy is recorded by its size and SHA-256, not its text.
 */
public final class DeliverySettingsStore {

  private final Database db;
  private final Clock clock;
  private final AuditStore audit;

  public DeliverySettingsStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.audit = new AuditStore(db, clock);
  }

  /** The project's settings (the default when it has none of its own). */
  public DeliverySettings get(long projectId) {
    try (Connection c = db.dataSource().getConnection()) {
      return get(c, projectId);
    } catch (SQLException e) {
      throw new StoreException("cannot read the delivery settings: " + e.getMessage(), e);
    }
  }

  /** Replaces the project's settings, recording the change in the same transaction. */
  public void set(long projectId, DeliverySettings settings) {
    try {
      Tx.run(
          db,
          c -> {
            DeliverySettings before = get(c, projectId);
            try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM project_delivery WHERE project_id = ?")) {
              ps.setLong(1, projectId);
              ps.executeUpdate();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO project_delivery (project_id, mode, forge, forge_url, forge_repo,"
                        + " base_branch, environment, criticality, policy, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              ps.setLong(1, projectId);
              ps.setString(2, settings.mode());
              Jdbc.setOptional(ps, 3, settings.forge());
              Jdbc.setOptional(ps, 4, settings.forgeUrl());
              Jdbc.setOptional(ps, 5, settings.forgeRepo());
              Jdbc.setOptional(ps, 6, settings.base());
              Jdbc.setOptional(ps, 7, settings.environment());
              Jdbc.setOptional(ps, 8, settings.criticality());
              if (settings.policy().isPresent()) {
                ps.setString(9, settings.policy().get());
              } else {
                ps.setNull(9, Types.VARCHAR);
              }
              Jdbc.setInstant(ps, 10, clock.instant());
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
                            "project.delivery_changed",
                            AuditStore.ADMIN,
                            change(before, settings)))));
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot store the delivery settings: " + e.getMessage(), e);
    }
  }

  /** The new values, then {@code previous.<field>} for each field that changed. */
  private static Map<String, String> change(DeliverySettings before, DeliverySettings after) {
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

  private static Map<String, String> fields(DeliverySettings s) {
    Map<String, String> out = s.asText();
    out.put("policy", s.policy().map(DeliverySettingsStore::describe).orElse(""));
    return out;
  }

  /** A policy as the trail records it: its size and hash (the text is in the table). */
  static String describe(String policy) {
    try {
      byte[] bytes = policy.getBytes(StandardCharsets.UTF_8);
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return bytes.length + " bytes, sha256 " + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static DeliverySettings get(Connection c, long projectId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT mode, forge, forge_url, forge_repo, base_branch, environment, criticality,"
                + " policy FROM project_delivery WHERE project_id = ?")) {
      ps.setLong(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return DeliverySettings.DEFAULT;
        }
        return new DeliverySettings(
            rs.getString(1),
            Optional.ofNullable(rs.getString(2)),
            Optional.ofNullable(rs.getString(3)),
            Optional.ofNullable(rs.getString(4)),
            Optional.ofNullable(rs.getString(5)),
            Optional.ofNullable(rs.getString(6)),
            Optional.ofNullable(rs.getString(7)),
            Optional.ofNullable(rs.getString(8)));
      }
    }
  }
}
