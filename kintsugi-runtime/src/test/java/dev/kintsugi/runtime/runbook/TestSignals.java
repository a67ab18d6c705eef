package dev.kintsugi.runtime.runbook;

import dev.kintsugi.runtime.signal.SignalState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/** Signal state that turns healthy (alerts resolved, scores low) from a set time on. */
final class TestSignals implements SignalState {
  private final Clock clock;
  volatile Instant recoversAt = Instant.MAX;
  volatile long incidentEvents;

  TestSignals(Clock clock) {
    this.clock = clock;
  }

  private boolean recovered() {
    return !clock.instant().isBefore(recoversAt);
  }

  @Override
  public Optional<Boolean> healthy(String project, String check) {
    return Optional.of(recovered());
  }

  @Override
  public OptionalDouble latestScore(String project, String series, Instant since) {
    return OptionalDouble.of(recovered() ? 0.1 : 0.99);
  }

  @Override
  public boolean firing(String project, String alertName) {
    return !recovered();
  }

  @Override
  public long incidentEventsSince(long incidentId, Instant since) {
    return incidentEvents;
  }
}
