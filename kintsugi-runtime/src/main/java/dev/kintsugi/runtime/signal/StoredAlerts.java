package dev.kintsugi.runtime.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager's alerts in the database ({@code runtime_alert_firing}, {@code runtime_alert_inbox},
 * V36), so that the node that receives an alert need not be the one that acts on it: {@link #put}
 * (any node, from the webhook) records which alerts fire and queues the alert; {@link #take} (a
 * working node) hands each queued alert to exactly one node; {@link #firing} is what every node's
 * runbooks verify against. An alert is identified by its labels.
 *
 * <p>Stable API.
 */
public final class StoredAlerts {

  /** Labels longer than this as JSON are stored as their alertname and project only. */
  static final int MAX_LABELS_CHARS = 20_000;

  /** Alerts taken this long ago are deleted. */
  static final Duration KEEP_TAKEN = Duration.ofDays(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database db;
  private final Clock clock;

  public StoredAlerts(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Records whether the alert fires now and queues it for a working node. */
  public void put(RuntimeSignal.Alert alert) {
    String project = AuditStore.cut(alert.project(), 200);
    String name = AuditStore.cut(alert.alertName(), 200);
    String key = key(alert.labels());
    try (Connection c = db.dataSource().getConnection()) {
      if (!alert.firing()) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM runtime_alert_firing WHERE project = ? AND alert_name = ?"
                    + " AND alert_key = ?")) {
          ps.setString(1, project);
          ps.setString(2, name);
          ps.setString(3, key);
          ps.executeUpdate();
        }
      }
      if (alert.firing()) { // a repeat keeps the alert's first time
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO runtime_alert_firing (project, alert_name, alert_key, since)"
                    + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM runtime_alert_firing"
                    + " WHERE project = ? AND alert_name = ? AND alert_key = ?)")) {
          ps.setString(1, project);
          ps.setString(2, name);
          ps.setString(3, key);
          setInstant(ps, 4, alert.at());
          ps.setString(5, project);
          ps.setString(6, name);
          ps.setString(7, key);
          ps.executeUpdate();
        } catch (SQLException e) {
          if (!"23505".equals(e.getSQLState())) { // the same alert, stored by another node
            throw e;
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO runtime_alert_inbox (project, alert_name, firing, observed_at, labels,"
                  + " received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, project);
        ps.setString(2, name);
        ps.setBoolean(3, alert.firing());
        setInstant(ps, 4, alert.at());
        ps.setString(5, labels(alert));
        setInstant(ps, 6, clock.instant());
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot store an alert: " + e.getMessage(), e);
    }
  }

  /** Whether an alert of that name fires now for the project, as any node received it. */
  public boolean firing(String project, String alertName) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM runtime_alert_firing WHERE project = ? AND alert_name = ?")) {
      ps.setString(1, project);
      ps.setString(2, alertName);
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the firing alerts: " + e.getMessage(), e);
    }
  }

  /**
   * Takes up to {@code limit} queued alerts for {@code node}, oldest first: each alert is taken by
   * one node only. Also deletes alerts taken more than a day ago.
   */
  public List<RuntimeSignal.Alert> take(String node, int limit) {
    Instant now = clock.instant();
    List<RuntimeSignal.Alert> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection()) {
      List<Object[]> queued = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, project, alert_name, firing, observed_at, labels FROM runtime_alert_inbox"
                  + " WHERE taken_by IS NULL ORDER BY id")) {
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            queued.add(
                new Object[] {
                  rs.getLong(1),
                  new RuntimeSignal.Alert(
                      rs.getString(2),
                      rs.getString(3),
                      rs.getObject(5, OffsetDateTime.class).toInstant(),
                      rs.getBoolean(4),
                      parse(rs.getString(6)))
                });
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE runtime_alert_inbox SET taken_by = ?, taken_at = ?"
                  + " WHERE id = ? AND taken_by IS NULL")) {
        for (Object[] q : queued) {
          ps.setString(1, AuditStore.cut(node, 200));
          setInstant(ps, 2, now);
          ps.setLong(3, (Long) q[0]);
          if (ps.executeUpdate() == 1) {
            out.add((RuntimeSignal.Alert) q[1]);
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM runtime_alert_inbox WHERE taken_by IS NOT NULL AND taken_at < ?")) {
        setInstant(ps, 1, now.minus(KEEP_TAKEN));
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot take queued alerts: " + e.getMessage(), e);
    }
    return out;
  }

  /** The alert's identity: a hash of its labels, sorted. */
  static String key(Map<String, String> labels) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(labels).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String labels(RuntimeSignal.Alert alert) {
    try {
      String all = JSON.writeValueAsString(new TreeMap<>(alert.labels()));
      if (all.length() <= MAX_LABELS_CHARS) {
        return all;
      }
      Map<String, String> some = new TreeMap<>();
      some.put("alertname", AuditStore.cut(alert.alertName(), 200));
      some.put("project", AuditStore.cut(alert.project(), 200));
      return JSON.writeValueAsString(some);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> parse(String labels) {
    try {
      return JSON.readValue(labels, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  private static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    ps.setObject(index, at.atOffset(ZoneOffset.UTC));
  }
}
