package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditRecord;
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
 * error}. Every transition is stored before it is acted on. Several nodes may heal one database's
 * queue: a node holds each run it heals by a renewed lease ({@link HealLeases}), a run whose node
 * stopped or died is taken over once its lease expires ({@link #claimNext}), a node restarted under
 * the same id takes its runs back at once ({@link #reclaim}), and only the lease's holder may end a
 * run ({@link #finish}). Due incidents are queued only within their project's heal budget ({@link
 * #usage}); the others wait, with the reason stored ({@link #holdBack}). A run's stages are stored
 * as the healer reports them ({@link #addStep}), so its progress shows while it runs.
 */
public final class HealRunStore {

  /** Statuses a run ends in. */
  public static final List<String> FINAL = List.of("fixed", "not_fixed", "error");

  private final Database db;
  private final Clock clock;
  private final HealStepTable steps;
  private final AuditStore audit;
  private final HealLeases leases;

  public HealRunStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.steps = new HealStepTable(db, clock);
    this.audit = new AuditStore(db, clock);
    this.leases = new HealLeases(db, clock, audit);
  }

  /**
   * A run taken off the queue: which incident, of which project, and why it was queued.
   *
   * @param claims how many times the run was claimed, this claim included (1: its first)
   * @param previousOwner the node that claimed it before, if one did
   */
  public record Claimed(
      long runId,
      long incidentId,
      long projectId,
      String trigger,
      int claims,
      Optional<String> previousOwner) {

    public Claimed {
      java.util.Objects.requireNonNull(trigger, "trigger");
      java.util.Objects.requireNonNull(previousOwner, "previousOwner");
    }

    /** A run claimed for the first time. */
    public Claimed(long runId, long incidentId, long projectId, String trigger) {
      this(runId, incidentId, projectId, trigger, 1, Optional.empty());
    }

    /** Whether {@code self}'s claim took the run over from another node. */
    public boolean takeover(String self) {
      return previousOwner.isPresent() && !previousOwner.get().equals(self);
    }
  }

  /**
   * An incident its project's auto-heal policy says is due and that has no run yet (a regressed
   * incident: no run in progress).
   *
   * @param kind the budget it is charged to: {@code new} (a new incident) or {@code auto}
   */
  public record Due(
      long incidentId,
      long projectId,
      String trigger,
      String kind,
      long eventCount,
      Instant firstSeen) {}

  /**
   * The incidents due for a heal, oldest first; never a runtime incident ({@link IncidentKind}).
   */
  public List<Due> due() {
    String due =
        "SELECT i.id, i.project_id, i.status, p.auto_heal, p.heal_threshold, i.event_count,"
            + " i.first_seen FROM incident i JOIN project p ON p.id = i.project_id"
            + " WHERE p.repo IS NOT NULL AND p.auto_heal <> 'off'"
            // Runtime incidents have no event to reproduce: runbooks act on them, not the healer.
            + " AND i.kind = 'error'"
            + " AND i.status IN ('open', 'regressed')"
            + " AND (p.auto_heal = 'new' OR i.event_count >= p.heal_threshold)"
            + " AND NOT EXISTS (SELECT 1 FROM heal_run r WHERE r.incident_id = i.id"
            + " AND (i.status = 'open' OR r.status IN ('queued', 'running')))"
            // A merged fix that came back was reverted: healing again would propose what the
            // ledger just marked failed, racing the revert. A person decides (POST .../heal).
            + " AND NOT EXISTS (SELECT 1 FROM fix_watch w WHERE w.incident_id = i.id"
            + " AND w.state = 'regressed' AND i.status = 'regressed')"
            + " ORDER BY i.id";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(due);
        ResultSet rs = ps.executeQuery()) {
      List<Due> out = new ArrayList<>();
      while (rs.next()) {
        boolean regressed = "regressed".equals(rs.getString(3));
        boolean threshold = "threshold".equals(rs.getString(4));
        out.add(
            new Due(
                rs.getLong(1),
                rs.getLong(2),
                regressed
                    ? "incident regressed"
                    : threshold ? "seen " + rs.getInt(5) + " time(s)" : "new incident",
                regressed || threshold ? KIND_AUTO : KIND_NEW,
                rs.getLong(6),
                Jdbc.instant(rs, "first_seen")));
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot list due heals: " + e.getMessage(), e);
    }
  }

  /** Budget kinds of a run ({@code heal_run.budget_kind}). */
  public static final String KIND_NEW = "new";

  public static final String KIND_AUTO = "auto";
  public static final String KIND_MANUAL = "manual";

  /**
   * A project's heals over the last hour (every kind) and those of new incidents, the heals queued
   * or running now, and when the oldest of each counted run leaves the window.
   */
  public record Usage(
      int lastHour,
      int newLastHour,
      int inFlight,
      Optional<Instant> oldest,
      Optional<Instant> oldestNew) {}

  /** What {@code projectId}'s heals used of its budgets, as of now. */
  public Usage usage(long projectId) {
    Instant since = clock.instant().minus(java.time.Duration.ofHours(1));
    String sql =
        "SELECT r.created_at, r.budget_kind, r.status FROM heal_run r"
            + " JOIN incident i ON i.id = r.incident_id WHERE i.project_id = ?"
            + " AND (r.created_at > ? OR r.status IN ('queued', 'running'))";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, projectId);
      Jdbc.setInstant(ps, 2, since);
      int hour = 0;
      int newHour = 0;
      int inFlight = 0;
      Instant oldest = null;
      Instant oldestNew = null;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant created = Jdbc.instant(rs, "created_at");
          String status = rs.getString(3);
          if ("queued".equals(status) || "running".equals(status)) {
            inFlight++;
          }
          if (created.isAfter(since)) {
            hour++;
            oldest = oldest == null || created.isBefore(oldest) ? created : oldest;
            if (KIND_NEW.equals(rs.getString(2))) {
              newHour++;
              oldestNew = oldestNew == null || created.isBefore(oldestNew) ? created : oldestNew;
            }
          }
        }
      }
      return new Usage(
          hour, newHour, inFlight, Optional.ofNullable(oldest), Optional.ofNullable(oldestNew));
    } catch (SQLException e) {
      throw new StoreException("cannot read heal budget usage: " + e.getMessage(), e);
    }
  }

  /**
   * Queues a due incident's run, charged to its budget kind; it no longer waits. Recorded ({@code
   * heal.queued}) in the same transaction. Empty when the incident is no longer due: another node
   * queued it first (the incident's row is locked while this checks, so two nodes never both queue
   * it).
   */
  public Optional<Long> queue(Due due) {
    try {
      return Tx.run(
          db,
          c -> {
            if (!lockIncidentWithoutRun(c, due.incidentId())) {
              return Optional.<Long>empty();
            }
            long id = insertQueued(c, due.incidentId(), due.trigger(), due.kind());
            try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM heal_wait WHERE incident_id = ?")) {
              ps.setLong(1, due.incidentId());
              ps.executeUpdate();
            }
            record(
                c,
                due.projectId(),
                due.incidentId(),
                id,
                AuditRecord.system("heal.queued", "trigger", due.trigger(), "budget", due.kind()));
            return Optional.of(id);
          });
    } catch (SQLException e) {
      throw new StoreException("cannot queue a heal: " + e.getMessage(), e);
    }
  }

  /**
   * Locks the incident's row for the rest of the transaction, then tells whether it still has no
   * run that keeps it from being queued ({@link #due}'s rule: an open incident's any run, a
   * regressed one's queued or running run). The lock orders the nodes queueing it: the second one
   * sees the first one's run.
   */
  private static boolean lockIncidentWithoutRun(Connection c, long incidentId) throws SQLException {
    String status;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT status FROM incident WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        status = rs.getString(1);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM heal_run WHERE incident_id = ?"
                + ("open".equals(status) ? "" : " AND status IN ('queued', 'running')"))) {
      ps.setLong(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 0;
      }
    }
  }

  /**
   * Records why a due incident waits (kept since the first time it waited while the reason stays
   * the same); forgets the reasons of incidents not in {@code waiting}, which are no longer due.
   * Runs at every scheduler poll, so only rows whose reason changed are written.
   */
  public void holdBack(java.util.Map<Long, String> waiting) {
    Instant now = clock.instant();
    try (Connection c = db.dataSource().getConnection()) {
      java.util.Map<Long, String> known = new java.util.HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, reason FROM heal_wait");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          known.put(rs.getLong(1), rs.getString(2));
        }
      }
      for (long id : known.keySet()) {
        if (!waiting.containsKey(id)) {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM heal_wait WHERE incident_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
          }
        }
      }
      for (java.util.Map.Entry<Long, String> w : waiting.entrySet()) {
        String reason = shorten(w.getValue(), 500);
        String before = known.get(w.getKey());
        if (reason.equals(before)) {
          continue; // unchanged: keeps its since
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                before != null
                    ? "UPDATE heal_wait SET reason = ?, since = ? WHERE incident_id = ?"
                    : "INSERT INTO heal_wait (reason, since, incident_id) VALUES (?, ?, ?)")) {
          ps.setString(1, reason);
          Jdbc.setInstant(ps, 2, now);
          ps.setLong(3, w.getKey());
          ps.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record why heals wait: " + e.getMessage(), e);
    }
  }

  /** Why an incident due for a heal is waiting, if it is. */
  public Optional<String> waiting(long incidentId) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT reason FROM heal_wait WHERE incident_id = ?")) {
      ps.setLong(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read why a heal waits: " + e.getMessage(), e);
    }
  }

  /**
   * Queues a run for one incident on an admin's request, unless one is already queued or running.
   * Returns the new run's id, or empty when one was in progress (or there is no such incident, or
   * it is a runtime incident, which code healing never picks: see {@link Incident#healable()}).
   * Recorded ({@code heal.queued}, by {@link AuditStore#ADMIN}) in the same transaction.
   */
  public Optional<Long> enqueue(long incidentId, String trigger) {
    try {
      return Tx.run(
          db,
          c -> {
            try (PreparedStatement lock =
                c.prepareStatement("SELECT id FROM incident WHERE id = ? FOR UPDATE")) {
              lock.setLong(1, incidentId); // orders nodes queueing it: see lockIncidentWithoutRun
              lock.executeQuery().close();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT COUNT(*) FROM heal_run WHERE incident_id = ?"
                        + " AND status IN ('queued', 'running')")) {
              ps.setLong(1, incidentId);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                  return Optional.<Long>empty();
                }
              }
            }
            Optional<Long> project = healableProjectOf(c, incidentId);
            if (project.isEmpty()) {
              return Optional.<Long>empty();
            }
            long id = insertQueued(c, incidentId, trigger, KIND_MANUAL);
            record(
                c,
                project.get(),
                incidentId,
                id,
                new AuditRecord(
                    "heal.queued",
                    AuditStore.ADMIN,
                    ordered("trigger", trigger, "budget", KIND_MANUAL)));
            return Optional.of(id);
          });
    } catch (SQLException e) {
      throw new StoreException("cannot queue a heal: " + e.getMessage(), e);
    }
  }

  /**
   * Claims the oldest run that is queued, or running with an expired lease, for {@code node}: marks
   * it running, held by {@code node} until {@code lease} from now, and records {@code heal.started}
   * (its first claim) or {@code heal.resumed} (naming the node that held it) in the same
   * transaction. Empty when there is nothing to claim.
   *
   * @throws IllegalArgumentException when {@code node} is blank or longer than 200 characters
   */
  public Optional<Claimed> claimNext(String node, java.time.Duration lease) {
    return leases.claimNext(node, lease);
  }

  /**
   * Extends the leases {@code node} holds on {@code runIds} to {@code lease} from now; returns the
   * runs it no longer holds (ended, or taken over by another node after its lease expired): their
   * heals must stop and never {@link #finish}.
   */
  public java.util.Set<Long> renew(
      String node, java.time.Duration lease, java.util.Collection<Long> runIds) {
    return leases.renew(node, lease, runIds);
  }

  /**
   * Ends {@code node}'s leases on {@code runIds} (which stay running) so that any node resumes them
   * at once: for a node that stops while it heals.
   */
  public void release(String node, java.util.Collection<Long> runIds) {
    leases.release(node, runIds);
  }

  /**
   * At a node's start: the runs {@code node} left running (the same node id, restarted) are queued
   * again at once, each recorded ({@code heal.requeued}) in the same transaction; returns how many.
   * Other nodes' runs are taken over only once their leases expire. On H2, which one process opens,
   * every running run is this process's and is queued again.
   */
  public int reclaim(String node) {
    return leases.reclaim(node);
  }

  /**
   * The runs waiting for a node: queued, or running with an expired lease. One indexed count, for a
   * gauge read at each scrape.
   */
  public long backlog() {
    return leases.backlog();
  }

  /**
   * Stores how a running run ended, and records {@code heal.finished} (status, summary, branch,
   * commit, confidence, whether it was reproduced) in the same transaction, if {@code node} still
   * holds the run's lease. Returns false, storing nothing, when it does not (another node took the
   * run over after the lease expired, or the run ended): the lease was lost.
   */
  public boolean finish(long runId, String node, IncidentHealOutcome result) {
    if (!FINAL.contains(result.status())) {
      throw new IllegalArgumentException("not a final heal status: " + result.status());
    }
    HealLeases.requireNode(node);
    try {
      return Tx.run(
          db,
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE heal_run SET status = ?, updated_at = ?, branch = ?, commit_sha = ?,"
                        + " confidence = ?, summary = ?, reproduced = ?, report = ?,"
                        + " pull_request = ?, pull_request_number = ?, decision = ?,"
                        + " merge_commit = ?, merged_by = ?, merged_at = ?, lease_until = NULL"
                        + " WHERE id = ? AND status = 'running' AND lease_owner = ?")) {
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
              Jdbc.setOptional(ps, 9, result.pullRequest().map(pr -> shorten(pr.url(), 2000)));
              if (result.pullRequest().isPresent()) {
                ps.setInt(10, result.pullRequest().get().number());
              } else {
                ps.setNull(10, Types.INTEGER);
              }
              Jdbc.setOptional(ps, 11, result.decision().map(d -> shorten(d, 30)));
              Jdbc.setOptional(ps, 12, result.mergeCommit().map(m -> shorten(m, 64)));
              Jdbc.setOptional(
                  ps,
                  13,
                  result.mergeCommit().map(m -> dev.kintsugi.core.audit.AuditRecord.SYSTEM));
              if (result.mergeCommit().isPresent()) {
                Jdbc.setInstant(ps, 14, clock.instant());
              } else {
                ps.setNull(14, Types.TIMESTAMP_WITH_TIMEZONE);
              }
              ps.setLong(15, runId);
              ps.setString(16, node);
              if (ps.executeUpdate() != 1) {
                return false;
              }
            }
            Optional<RunIds> ids = incidentAndProject(c, runId);
            if (ids.isPresent()) {
              record(
                  c,
                  ids.get().project(),
                  ids.get().incident(),
                  runId,
                  AuditRecord.system(
                      "heal.finished",
                      "status",
                      result.status(),
                      "summary",
                      result.summary(),
                      "branch",
                      result.branch().orElse(""),
                      "commit",
                      result.commit().orElse(""),
                      "confidence",
                      result.confidence().map(String::valueOf).orElse(""),
                      "reproduced",
                      Boolean.toString(result.reproduced()),
                      "pullRequest",
                      result.pullRequest().map(pr -> pr.url()).orElse(""),
                      "decision",
                      result.decision().orElse(""),
                      "mergeCommit",
                      result.mergeCommit().orElse("")));
            }
            return true;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot store the heal result: " + e.getMessage(), e);
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

  /** Longest stage name a step keeps ({@code heal_run_step.stage}); longer ones are cut. */
  public static final int STAGE_CHARS = HealStepTable.STAGE_CHARS;

  /** Longest message a step keeps; longer ones are cut. */
  public static final int MESSAGE_CHARS = HealStepTable.MESSAGE_CHARS;

  /**
   * Stores a stage of a run, begun now, numbered after the run's last step (a resumed run's steps
   * follow its first attempt's). One run's steps are added one at a time: two at once could take
   * the same number, and one of them would fail.
   */
  public void addStep(long runId, String stage, String message) {
    steps.add(runId, stage, message);
  }

  /** A run's steps, first first. */
  public List<HealStep> steps(long runId) {
    return steps.of(runId);
  }

  /** The steps of every run of an incident that has some, by run id, each run's first first. */
  public java.util.Map<Long, List<HealStep>> incidentSteps(long incidentId) {
    return steps.ofIncident(incidentId);
  }

  /** Appends one entry in the caller's transaction: its last statement (see {@link AuditStore}). */
  private void record(Connection c, long projectId, long incidentId, long runId, AuditRecord r)
      throws SQLException {
    audit.append(c, List.of(new AuditStore.Draft(projectId, incidentId, runId, r)));
  }

  /** The project of an incident code healing may pick, if it exists and is one. */
  private static Optional<Long> healableProjectOf(Connection c, long incidentId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT project_id FROM incident WHERE id = ? AND kind = 'error'")) {
      ps.setLong(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private record RunIds(long incident, long project) {}

  /** A run's incident and project ids, if the run exists. */
  private static Optional<RunIds> incidentAndProject(Connection c, long runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT r.incident_id, i.project_id FROM heal_run r"
                + " JOIN incident i ON i.id = r.incident_id WHERE r.id = ?")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new RunIds(rs.getLong(1), rs.getLong(2))) : Optional.empty();
      }
    }
  }

  private static java.util.Map<String, String> ordered(String... keyValues) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put(keyValues[i], keyValues[i + 1]);
    }
    return out;
  }

  private long insertQueued(Connection c, long incidentId, String trigger, String kind)
      throws SQLException {
    Instant now = clock.instant();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO heal_run (incident_id, status, created_at, updated_at, trigger_reason,"
                + " budget_kind) VALUES (?, 'queued', ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, incidentId);
      Jdbc.setInstant(ps, 2, now);
      Jdbc.setInstant(ps, 3, now);
      ps.setString(4, shorten(trigger, 200));
      ps.setString(5, kind);
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
