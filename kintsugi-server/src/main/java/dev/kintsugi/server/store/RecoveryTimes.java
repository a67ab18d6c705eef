package dev.kintsugi.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The summaries of time-to-recover figures that the runtime's MTTR report and the dashboard both
 * show, computed one way.
 *
 * <p>Stable API.
 */
public final class RecoveryTimes {
  private RecoveryTimes() {}

  /** The mean, empty without durations. */
  public static Optional<Duration> mean(List<Duration> durations) {
    if (durations.isEmpty()) {
      return Optional.empty();
    }
    Duration sum = Duration.ZERO;
    for (Duration d : durations) {
      sum = sum.plus(d);
    }
    return Optional.of(sum.dividedBy(durations.size()));
  }

  /** The median (the mean of the middle two for an even count), empty without durations. */
  public static Optional<Duration> median(List<Duration> durations) {
    List<Duration> sorted = sorted(durations);
    int n = sorted.size();
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(
        n % 2 == 1
            ? sorted.get(n / 2)
            : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2));
  }

  /** The 90th percentile (nearest rank), empty without durations. */
  public static Optional<Duration> p90(List<Duration> durations) {
    List<Duration> sorted = sorted(durations);
    return sorted.isEmpty()
        ? Optional.empty()
        : Optional.of(sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1));
  }

  private static List<Duration> sorted(List<Duration> durations) {
    List<Duration> sorted = new ArrayList<>(durations);
    sorted.sort(null);
    return sorted;
  }
}
