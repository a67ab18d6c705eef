package dev.kintsugi.runtime.runbook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored run of a runbook ({@code runbook_run}, V31).
 *
 * <p>Stable API.
 *
 * @param signal a one-line description of the signal that started it (untrusted label text)
 * @param state triggered, awaiting_approval, acting, verifying, undoing, done
 * @param outcome once done: recovered, escalated, failed, refused, rejected, dry_run, interrupted
 * @param approval none, required, approved, rejected
 * @param detectedAt when the signal was observed
 * @param actedAt when the first action took effect
 * @param recoveredAt when verify saw the signal recovered
 */
public record RunbookRun(
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
    Optional<Instant> endedAt) {

  public static final String AWAITING_APPROVAL = "awaiting_approval";
  public static final String DONE = "done";

  public RunbookRun {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(runbook, "runbook");
    Objects.requireNonNull(detectedAt, "detectedAt");
  }

  /** Detection → first action, once something was done. */
  public Optional<Duration> timeToAction() {
    return actedAt.map(a -> Duration.between(detectedAt, a));
  }

  /** Detection → verified recovery, once recovered. */
  public Optional<Duration> timeToRecovery() {
    return recoveredAt.map(r -> Duration.between(detectedAt, r));
  }

  /**
   * One step of a run ({@code runbook_run_step}).
   *
   * @param phase do, undo, or resume (another node took the run over; the detail says what it
   *     decided)
   * @param state running, done, failed, dry_run, unknown (its node stopped while it ran)
   */
  public record Step(
      long run,
      int seq,
      String phase,
      String actionKind,
      String description,
      String state,
      Optional<String> detail,
      Instant startedAt,
      Optional<Instant> endedAt) {}
}
