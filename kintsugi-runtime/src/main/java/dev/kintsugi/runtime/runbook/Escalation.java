package dev.kintsugi.runtime.runbook;

import java.time.Instant;
import java.util.Objects;

/**
 * A runbook could not fix what it was for and a person should look: verify failed, an action
 * failed, the policy refused the runbook's actions, or a stop interrupted the run.
 *
 * <p>Stable API.
 *
 * @param run the run's id ({@code GET /api/v1/runtime/runs?project=})
 * @param signal the one-line description of the signal (untrusted label text: escape it)
 * @param reason why the runbook gave up, one line
 */
public record Escalation(
    long run, String project, String runbook, String signal, String reason, Instant at) {
  public Escalation {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(runbook, "runbook");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
