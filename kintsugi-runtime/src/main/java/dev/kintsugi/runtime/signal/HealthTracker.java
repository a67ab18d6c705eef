package dev.kintsugi.runtime.signal;

import java.time.Instant;
import java.util.Optional;

/**
 * The threshold state of one check: failing after {@code failureThreshold} consecutive failures,
 * healthy after {@code successThreshold} consecutive successes. The first verdict is a crossing too
 * (a service down from the start is reported). Not thread-safe: one run of a check at a time;
 * {@link #healthy()} may be read from any thread.
 */
final class HealthTracker {
  private final HealthCheck check;
  private volatile Boolean healthy; // null until a threshold is first reached
  private int successes;
  private int failures;

  HealthTracker(HealthCheck check) {
    this.check = check;
  }

  /** The current verdict; empty until a threshold is first reached. */
  Optional<Boolean> healthy() {
    return Optional.ofNullable(healthy);
  }

  /** Records a result; a signal when it crosses a threshold. */
  Optional<RuntimeSignal.Health> record(Prober.Result result, Instant at) {
    if (result.ok()) {
      successes++;
      failures = 0;
      if (!Boolean.TRUE.equals(healthy) && successes >= check.successThreshold()) {
        healthy = true;
        return Optional.of(
            new RuntimeSignal.Health(
                check.project(), check.name(), at, true, successes, result.detail()));
      }
    } else {
      failures++;
      successes = 0;
      if (!Boolean.FALSE.equals(healthy) && failures >= check.failureThreshold()) {
        healthy = false;
        return Optional.of(
            new RuntimeSignal.Health(
                check.project(), check.name(), at, false, failures, result.detail()));
      }
    }
    return Optional.empty();
  }
}
