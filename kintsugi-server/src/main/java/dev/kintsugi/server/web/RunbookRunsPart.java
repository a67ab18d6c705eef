package dev.kintsugi.server.web;

import dev.kintsugi.server.store.RunbookRunsView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runbook runs as a page lists them (the project's runtime page, a runtime incident's page): the
 * signal, state and outcome, times, steps, and Approve / Reject on runs that wait for a person.
 * Times are exact only ({@link When#exact}) so that a {@link Live} part's stamp moves only when a
 * run does.
 */
final class RunbookRunsPart {
  static final int TEXT_CHARS = 500;

  private RunbookRunsPart() {}

  /**
   * @param phase do or undo
   * @param detail what the action reported, cut
   */
  record Step(
      int seq, String phase, String kind, String description, String state, String detail) {}

  /**
   * A run as shown.
   *
   * @param incidentHref the page of the runtime incident it acts on, or null
   * @param outcome empty until done
   * @param decidedBy who approved or rejected it, with their note, or empty
   * @param acted null until an action was done; likewise {@code recovered}, {@code ended}
   * @param toRecover detection → recovery ("45 s"), or empty
   * @param decide the form's action prefix ({@code .../runs/{id}}) when a person can approve or
   *     reject it here, else null
   */
  record Run(
      long id,
      String runbook,
      String signalKind,
      String signal,
      String incidentHref,
      String state,
      String outcome,
      boolean dryRun,
      String decidedBy,
      When detected,
      When acted,
      When recovered,
      When ended,
      String toRecover,
      List<Step> steps,
      String decide) {}

  /**
   * Runs with what deciding on them needs.
   *
   * @param decisions whether runs can be approved here (the runtime extension runs in this server)
   */
  record Runs(List<Run> runs, boolean decisions, String csrf) {
    /** Some run waits for a decision that cannot be taken here. */
    boolean undecidable() {
      return !decisions
          && runs.stream().anyMatch(r -> r.state().equals(RunbookRunsView.AWAITING_APPROVAL));
    }
  }

  /** One runbook's time to recover, as text. */
  record Mttr(
      String runbook,
      int runs,
      int recovered,
      String share,
      String meanToAction,
      String median,
      String p90) {}

  /** The path the decisions on a project's run are posted to (then {@code /approve|/reject}). */
  static String decidePath(long projectId, long run) {
    return "/projects/" + projectId + "/runtime/runs/" + run;
  }

  static Runs of(List<RunbookRunsView.Run> runs, long projectId, boolean decisions, String csrf) {
    return new Runs(runs.stream().map(r -> run(r, projectId, decisions)).toList(), decisions, csrf);
  }

  static List<Mttr> mttr(List<RunbookRunsView.Mttr> figures) {
    return figures.stream()
        .map(
            f ->
                new Mttr(
                    f.runbook(),
                    f.runs(),
                    f.recovered(),
                    String.format(Locale.ROOT, "%.0f%%", 100 * f.recoveredShare()),
                    elapsed(f.meanToAction()),
                    elapsed(f.medianToRecovery()),
                    elapsed(f.p90ToRecovery())))
        .toList();
  }

  private static Run run(RunbookRunsView.Run r, long projectId, boolean decisions) {
    String decided =
        r.approvedBy()
            .map(
                by ->
                    r.approval()
                        + " by "
                        + JsonText.cut(by, 100)
                        + r.approvalNote()
                            .filter(n -> !n.isBlank())
                            .map(n -> ": " + JsonText.cut(n, TEXT_CHARS))
                            .orElse(""))
            .orElse("");
    return new Run(
        r.id(),
        r.runbook(),
        r.signalKind(),
        JsonText.cut(r.signal(), TEXT_CHARS),
        r.incident().map(id -> "/incidents/" + id).orElse(null),
        r.state(),
        r.outcome().orElse(""),
        r.dryRun(),
        decided,
        When.exact(r.detectedAt()),
        exact(r.actedAt()),
        exact(r.recoveredAt()),
        exact(r.endedAt()),
        elapsed(r.timeToRecovery()),
        r.steps().stream()
            .map(
                s ->
                    new Step(
                        s.seq(),
                        s.phase(),
                        s.actionKind(),
                        JsonText.cut(s.description(), TEXT_CHARS),
                        s.state(),
                        s.detail().map(d -> JsonText.cut(d, TEXT_CHARS)).orElse("")))
            .toList(),
        decisions && r.awaitsApproval() ? decidePath(projectId, r.id()) : null);
  }

  private static When exact(Optional<Instant> at) {
    return at.map(When::exact).orElse(null);
  }

  private static String elapsed(Optional<Duration> d) {
    return d.map(Elapsed::of).orElse("");
  }
}
