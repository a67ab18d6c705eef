package dev.kintsugi.runtime.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A finished rollout.
 *
 * @param decision promoted or rolled back
 * @param reason why, in a sentence
 * @param startedAt when the rollout began
 * @param decisionMillis from the start (the canary's launch included) to the final decision
 * @param canaryReadyMillis how long the canary took to become ready (-1 when it never did)
 * @param canaryServedMillis how long the canary received traffic, until the rollback or the
 *     promotion
 * @param canaryPid the canary's process id, once started
 * @param canaryRunning whether the canary's process is still up: only after a promotion
 * @param steps each step judged, in order
 */
public record RolloutReport(
    Decision decision,
    String reason,
    Instant startedAt,
    long decisionMillis,
    long canaryReadyMillis,
    long canaryServedMillis,
    OptionalLong canaryPid,
    boolean canaryRunning,
    List<StepReport> steps) {

  public RolloutReport {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(canaryPid, "canaryPid");
    steps = List.copyOf(steps);
  }

  public boolean promoted() {
    return decision == Decision.PROMOTED;
  }

  /** The report as JSON (see {@link ReportJson}). */
  public String toJson() {
    return ReportJson.write(this);
  }
}
