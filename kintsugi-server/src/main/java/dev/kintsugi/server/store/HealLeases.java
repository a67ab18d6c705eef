package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who heals which run, for {@link HealRunStore}: several nodes share one database, and a node holds
 * each run it heals by a lease ({@code heal_run.lease_owner}, {@code lease_until}, V34) that it
 * renews while it heals. A run is claimable when queued, or running with an expired lease (its node
 * stopped, crashed or lost the database); a NULL {@code lease_until} counts as expired.
 *
 * <p>On PostgreSQL the claim locks the oldest claimable run with {@code FOR UPDATE SKIP LOCKED}, so
 * nodes claiming at once take different runs without waiting on each other; on H2 (one process) it
 * is a compare-and-set on the same condition. Either way the claim and its audit entry ({@code
 * heal.started}, or {@code heal.resumed} naming the previous owner) commit together. Lease times
 * are the nodes' own clocks: they must agree to well within a lease.
 */
final class HealLeases {

  /** Runs a claim considers per attempt on H2 (the compare-and-set may lose some of them). */
  private static final int H2_CANDIDATES = 5;

  private static final String CLAIMABLE =
      "(r.status = 'queued' OR (r.status = 'running'"
          + " AND (r.lease_until IS NULL OR r.lease_until < ?)))";

  private final Database db;
  private final Clock clock;
  private final AuditStore audit;

  HealLeases(Database db, Clock clock, AuditStore audit) {
    this.db = db;
    this.clock = clock;
    this.audit = audit;
  }

  Optional<HealRunStore.Claimed> claimNext(String node, Duration lease) {
    requireNode(node);
    Instant now = clock.instant();
    boolean postgres = db.dialect() == Dialect.POSTGRESQL;
    String select =
        "SELECT r.id, r.incident_id, i.project_id, r.trigger_reason, r.status, r.lease_owner,"
            + " r.claims FROM heal_run r JOIN incident i ON i.id = r.incident_id WHERE "
            + CLAIMABLE
            + " ORDER BY r.id"
            + (postgres ? " LIMIT 1 FOR UPDATE OF r SKIP LOCKED" : " LIMIT " + H2_CANDIDATES);
    try {
      return Tx.run(
          db,
          c -> {
            List<HealRunStore.Claimed> candidates = new ArrayList<>();
            List<Boolean> running = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(select)) {
              Jdbc.setInstant(ps, 1, now);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  running.add("running".equals(rs.getString(5)));
                  candidates.add(
                      new HealRunStore.Claimed(
                          rs.getLong(1),
                          rs.getLong(2),
                          rs.getLong(3),
                          Optional.ofNullable(rs.getString(4)).orElse(""),
                          rs.getInt(7) + 1,
                          Optional.ofNullable(rs.getString(6))));
                }
              }
            }
            for (int i = 0; i < candidates.size(); i++) {
              HealRunStore.Claimed run = candidates.get(i);
              if (take(c, run, node, now, lease)) {
                record(c, run, running.get(i), node);
                return Optional.of(run);
              }
            }
            return Optional.<HealRunStore.Claimed>empty();
          });
    } catch (SQLException e) {
      throw new StoreException("cannot claim a heal run: " + e.getMessage(), e);
    }
  }

  /** Compare-and-set: the run is still claimable and still as read. */
  private boolean take(
      Connection c, HealRunStore.Claimed run, String node, Instant now, Duration lease)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE heal_run r SET status = 'running', lease_owner = ?, lease_until = ?,"
                + " claims = claims + 1, updated_at = ? WHERE r.id = ? AND r.claims = ? AND "
                + CLAIMABLE)) {
      ps.setString(1, node);
      Jdbc.setInstant(ps, 2, now.plus(lease));
      Jdbc.setInstant(ps, 3, now);
      ps.setLong(4, run.runId());
      ps.setInt(5, run.claims() - 1);
      Jdbc.setInstant(ps, 6, now);
      return ps.executeUpdate() == 1;
    }
  }

  /** {@code heal.started} at a run's first claim, {@code heal.resumed} (from whom) after. */
  private void record(Connection c, HealRunStore.Claimed run, boolean expired, String node)
      throws SQLException {
    AuditRecord entry =
        run.claims() == 1
            ? AuditRecord.system("heal.started", "trigger", run.trigger(), "node", node)
            : AuditRecord.system(
                "heal.resumed",
                "trigger",
                run.trigger(),
                "node",
                node,
                "from",
                run.previousOwner().orElse(""),
                "why",
                expired ? "the lease of the node healing it expired" : "queued again");
    audit.append(
        c, List.of(new AuditStore.Draft(run.projectId(), run.incidentId(), run.runId(), entry)));
  }

  /** See {@link HealRunStore#renew}. */
  Set<Long> renew(String node, Duration lease, Collection<Long> runIds) {
    requireNode(node);
    Set<Long> lost = new LinkedHashSet<>();
    if (runIds.isEmpty()) {
      return lost;
    }
    Instant until = clock.instant().plus(lease);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE heal_run SET lease_until = ? WHERE id = ? AND status = 'running'"
                    + " AND lease_owner = ?")) {
      for (long id : runIds) {
        Jdbc.setInstant(ps, 1, until);
        ps.setLong(2, id);
        ps.setString(3, node);
        if (ps.executeUpdate() != 1) {
          lost.add(id);
        }
      }
      return lost;
    } catch (SQLException e) {
      throw new StoreException("cannot renew heal leases: " + e.getMessage(), e);
    }
  }

  /** See {@link HealRunStore#release}. */
  void release(String node, Collection<Long> runIds) {
    requireNode(node);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE heal_run SET lease_until = NULL WHERE id = ? AND status = 'running'"
                    + " AND lease_owner = ?")) {
      for (long id : runIds) {
        ps.setLong(1, id);
        ps.setString(2, node);
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot release heal leases: " + e.getMessage(), e);
    }
  }

  /** See {@link HealRunStore#reclaim}. */
  int reclaim(String node) {
    requireNode(node);
    // An embedded H2 file is open in one process only: whatever it left running is this one's.
    boolean everyRun = db.dialect() == Dialect.H2;
    String why =
        everyRun ? "interrupted by a server stop" : "interrupted by a stop of node " + node;
    try {
      return Tx.run(
          db,
          c -> {
            List<HealRunStore.Claimed> held = new ArrayList<>();
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT r.id, r.incident_id, i.project_id FROM heal_run r"
                        + " JOIN incident i ON i.id = r.incident_id WHERE r.status = 'running'"
                        + (everyRun ? "" : " AND r.lease_owner = ?")
                        + " ORDER BY r.id")) {
              if (!everyRun) {
                ps.setString(1, node);
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  held.add(
                      new HealRunStore.Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(3), ""));
                }
              }
            }
            List<AuditStore.Draft> drafts = new ArrayList<>();
            for (HealRunStore.Claimed run : held) {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE heal_run SET status = 'queued', lease_until = NULL, updated_at = ?,"
                          + " summary = ? WHERE id = ? AND status = 'running'")) {
                Jdbc.setInstant(ps, 1, clock.instant());
                ps.setString(2, why + "; queued again");
                ps.setLong(3, run.runId());
                if (ps.executeUpdate() == 1) {
                  drafts.add(
                      new AuditStore.Draft(
                          run.projectId(),
                          run.incidentId(),
                          run.runId(),
                          AuditRecord.system("heal.requeued", "reason", why)));
                }
              }
            }
            audit.append(c, drafts);
            return drafts.size();
          });
    } catch (SQLException e) {
      throw new StoreException("cannot requeue heal runs: " + e.getMessage(), e);
    }
  }

  /** See {@link HealRunStore#backlog}. */
  long backlog() {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM heal_run r WHERE " + CLAIMABLE)) {
      Jdbc.setInstant(ps, 1, clock.instant());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count the heal backlog: " + e.getMessage(), e);
    }
  }

  static void requireNode(String node) {
    if (node == null || node.isBlank() || node.length() > 200) {
      throw new IllegalArgumentException(
          "a node id must be 1-200 characters, was " + (node == null ? "null" : "'" + node + "'"));
    }
  }
}
