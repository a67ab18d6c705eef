package dev.kintsugi.runtime.canary;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A canary analysis: the judgement (with each metric's numbers) and the incidents the canary's
 * release raised in the window.
 *
 * @param project the project whose incidents were looked at, if any
 * @param from the window's start (inclusive)
 * @param to its end (exclusive): when the analysis ran
 */
public record CanaryReport(
    Judgement judgement,
    List<CanaryIncident> incidents,
    Optional<String> project,
    Optional<String> baseline,
    Optional<String> canary,
    Optional<String> release,
    Instant from,
    Instant to) {

  public CanaryReport {
    Objects.requireNonNull(judgement, "judgement");
    incidents = List.copyOf(incidents);
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** The verdict. */
  public Verdict verdict() {
    return judgement.verdict();
  }
}
