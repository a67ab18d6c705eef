package dev.kintsugi.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The runtime module's runbook runs ({@code runbook_run}, {@code runbook_run_step}, V31) as the
 * dashboard reads them: the server does not depend on that module, so this reads its tables
 * directly and never writes them. Projects are named by their name, as the runtime stores them.
 * Texts (the signal, step details, approval notes) are untrusted.
 */
public final class RunbookRunsView {

  /** The state of a run that waits for a person's decision. */
  public static final String AWAITING_APPROVAL = "awaiting_approval";

  private static final String COLUMNS =
      "id, project, runbook, signal_kind, signal, incident_id, state, outcome, dry_run, approval,"
          + " approved_by, approval_note, detected_at, started_at, acted_at, recovered_at,"
          + " ended_at";

  private final Database db;

  public RunbookRunsView(Database db) {
    this.db = db;
  }

  /**
   * One run and its steps.
   *
   * @param signal the signal in a line (untrusted)
   * @param state triggered, awaiting_approval, acting, verifying, undoing, done
   * @param outcome once done: recovered, escalated, failed, refused, rejected, dry_run, interrupted
   * @param approval none, required, approved, rejected
   */
  public record Run(
      long id,
      String project,
      String runbook,
      String signalKind,
      String signal,
      Optional<Long> incident,
      String state,
      Optional<String> outcome,
      boolean dryRun,
      String approval,
      Optional<String> approvedBy,
      Optional<String> approvalNote,
      Instant detectedAt,
      Instant startedAt,
      Optional<Instant> actedAt,
      Optional<Instant> recoveredAt,
      Optional<Instant> endedAt,
      List<Step> steps) {

    public boolean awaitsApproval() {
      return state.equals(AWAITING_APPROVAL);
    }

    /** Detection → verified recovery, once recovered. */
    public Optional<Duration> timeToRecovery() {
      return recoveredAt.map(r -> Duration.between(detectedAt, r));
    }

    /** Detection → first action done. */
    public Optional<Duration> timeToAction() {
      return actedAt.map(a -> Duration.between(detectedAt, a));
    }

    /**
     * Whether MTTR counts it, as the runtime's {@code Mttr} does: it acted, or tried and failed.
     */
    boolean counted() {
      return !dryRun
          && (actedAt.isPresent()
              || outcome.filter(o -> o.equals("escalated") || o.equals("failed")).isPresent());
    }
  }

  /**
   * A step: a {@code do} action, an undo, or a {@code resume} (a node took the run over from one
   * that stopped: its description says from which, its detail what it decided) ({@code phase}).
   *
   * @param state running, done, failed, dry_run, unknown (its node stopped while it ran; not run
   *     again)
   * @param detail what the action reported (untrusted)
   */
  public record Step(
      int seq,
      String phase,
      String actionKind,
      String description,
      String state,
      Optional<String> detail,
      Instant startedAt,
      Optional<Instant> endedAt) {}

  /**
   * One runbook's time to recover.
   *
   * @param runs runs that acted or tried to (dry runs, refused and rejected runs are not counted)
   * @param recovered of them, those verified recovered
   * @param medianToRecovery detection → recovery of the recovered runs (mean of the middle two)
   * @param p90ToRecovery their 90th percentile (nearest rank)
   */
  public record Mttr(
      String runbook,
      int runs,
      int recovered,
      Optional<Duration> meanToAction,
      Optional<Duration> medianToRecovery,
      Optional<Duration> p90ToRecovery) {

    /** {@code recovered / runs}, 0 without runs. */
    public double recoveredShare() {
      return runs == 0 ? 0 : (double) recovered / runs;
    }
  }

  /** How many runs a project has, and how many of them wait for a person's decision. */
  public record Counts(long runs, long awaitingApproval) {}

  public Counts counts(String project) {
    return Jdbc.query(
            db,
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = ? THEN 1 ELSE 0 END), 0)"
                + " FROM runbook_run WHERE project = ?",
            ps -> {
              ps.setString(1, AWAITING_APPROVAL);
              ps.setString(2, project);
            },
            rs -> new Counts(rs.getLong(1), rs.getLong(2)))
        .get(0);
  }

  /** The project's newest {@code limit} runs, newest first, with their steps. */
  public List<Run> recent(String project, int limit) {
    return withSteps(
        Jdbc.query(
            db,
            "SELECT " + COLUMNS + " FROM runbook_run WHERE project = ? ORDER BY id DESC",
            ps -> {
              ps.setString(1, project);
              ps.setMaxRows(limit);
            },
            RunbookRunsView::run));
  }

  /** The runs an incident started, newest first, at most {@code limit}, with their steps. */
  public List<Run> ofIncident(long incidentId, int limit) {
    return withSteps(
        Jdbc.query(
            db,
            "SELECT " + COLUMNS + " FROM runbook_run WHERE incident_id = ? ORDER BY id DESC",
            ps -> {
              ps.setLong(1, incidentId);
              ps.setMaxRows(limit);
            },
            RunbookRunsView::run));
  }

  /** One run, without its steps. */
  public Optional<Run> run(long id) {
    return Jdbc.query(
            db,
            "SELECT " + COLUMNS + " FROM runbook_run WHERE id = ?",
            ps -> ps.setLong(1, id),
            RunbookRunsView::run)
        .stream()
        .findFirst();
  }

  /** Time to recover per runbook (name order) of the project's runs started since {@code since}. */
  public List<Mttr> mttr(String project, Instant since) {
    Map<String, List<Run>> byRunbook = new TreeMap<>();
    for (Run run :
        Jdbc.query(
            db,
            "SELECT " + COLUMNS + " FROM runbook_run WHERE project = ? AND started_at >= ?",
            ps -> {
              ps.setString(1, project);
              Jdbc.setInstant(ps, 2, since);
            },
            RunbookRunsView::run)) {
      if (run.counted()) {
        byRunbook.computeIfAbsent(run.runbook(), k -> new ArrayList<>()).add(run);
      }
    }
    List<Mttr> out = new ArrayList<>();
    byRunbook.forEach((name, runs) -> out.add(mttr(name, runs)));
    return out;
  }

  private static Mttr mttr(String runbook, List<Run> runs) {
    List<Duration> toAction = new ArrayList<>();
    List<Duration> toRecovery = new ArrayList<>();
    for (Run run : runs) {
      run.timeToAction().ifPresent(toAction::add);
      run.timeToRecovery().ifPresent(toRecovery::add);
    }
    return new Mttr(
        runbook,
        runs.size(),
        toRecovery.size(),
        RecoveryTimes.mean(toAction),
        RecoveryTimes.median(toRecovery),
        RecoveryTimes.p90(toRecovery));
  }

  /** The runs with their steps, read in one query over the runs' id range. */
  private List<Run> withSteps(List<Run> runs) {
    if (runs.isEmpty()) {
      return runs;
    }
    long low = runs.stream().mapToLong(Run::id).min().getAsLong();
    long high = runs.stream().mapToLong(Run::id).max().getAsLong();
    Map<Long, List<Step>> steps = new HashMap<>();
    Jdbc.query(
        db,
        "SELECT run_id, seq, phase, action_kind, description, state, detail, started_at, ended_at"
            + " FROM runbook_run_step WHERE run_id BETWEEN ? AND ? ORDER BY run_id, seq",
        ps -> {
          ps.setLong(1, low);
          ps.setLong(2, high);
        },
        rs -> {
          steps
              .computeIfAbsent(rs.getLong("run_id"), k -> new ArrayList<>())
              .add(
                  new Step(
                      rs.getInt("seq"),
                      rs.getString("phase"),
                      rs.getString("action_kind"),
                      rs.getString("description"),
                      rs.getString("state"),
                      Jdbc.optional(rs, "detail"),
                      Jdbc.instant(rs, "started_at"),
                      Jdbc.optionalInstant(rs, "ended_at")));
          return null;
        });
    List<Run> out = new ArrayList<>();
    for (Run r : runs) {
      out.add(
          new Run(
              r.id(),
              r.project(),
              r.runbook(),
              r.signalKind(),
              r.signal(),
              r.incident(),
              r.state(),
              r.outcome(),
              r.dryRun(),
              r.approval(),
              r.approvedBy(),
              r.approvalNote(),
              r.detectedAt(),
              r.startedAt(),
              r.actedAt(),
              r.recoveredAt(),
              r.endedAt(),
              List.copyOf(steps.getOrDefault(r.id(), List.of()))));
    }
    return out;
  }

  private static Run run(ResultSet rs) throws SQLException {
    long incident = rs.getLong("incident_id");
    Optional<Long> incidentId = rs.wasNull() ? Optional.empty() : Optional.of(incident);
    return new Run(
        rs.getLong("id"),
        rs.getString("project"),
        rs.getString("runbook"),
        rs.getString("signal_kind"),
        rs.getString("signal"),
        incidentId,
        rs.getString("state"),
        Jdbc.optional(rs, "outcome"),
        rs.getBoolean("dry_run"),
        rs.getString("approval"),
        Jdbc.optional(rs, "approved_by"),
        Jdbc.optional(rs, "approval_note"),
        Jdbc.instant(rs, "detected_at"),
        Jdbc.instant(rs, "started_at"),
        Jdbc.optionalInstant(rs, "acted_at"),
        Jdbc.optionalInstant(rs, "recovered_at"),
        Jdbc.optionalInstant(rs, "ended_at"),
        List.of());
  }
}
