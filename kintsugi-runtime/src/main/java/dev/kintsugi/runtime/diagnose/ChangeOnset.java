package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.runtime.diagnose.SeriesHistory.Point;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * When a series left its baseline: the first of {@link #PERSIST} points in a row, after {@code
 * searchFrom}, further than {@link #THRESHOLD} robust standard deviations (median and MAD of the
 * points before {@code searchFrom}) from the baseline's median, on the same side.
 */
final class ChangeOnset {
  static final double THRESHOLD = 4.0;
  static final int PERSIST = 2;
  static final int MIN_BASELINE = 5;

  private ChangeOnset() {}

  /**
   * @param rose whether the series rose (else it fell)
   * @param size how far it moved from the baseline's median, in robust standard deviations
   */
  record Change(Instant at, boolean rose, double size) {}

  /** The series' change after {@code searchFrom}, if its points show one. */
  static Optional<Change> find(List<Point> points, Instant searchFrom) {
    double[] baseline =
        points.stream()
            .filter(p -> p.at().isBefore(searchFrom) && Double.isFinite(p.value()))
            .mapToDouble(Point::value)
            .toArray();
    if (baseline.length < MIN_BASELINE) {
      return Optional.empty();
    }
    double median = median(baseline);
    double mad = median(Arrays.stream(baseline).map(v -> Math.abs(v - median)).toArray());
    // A flat baseline (MAD 0) still has a scale: any real move off it is a change.
    double sigma = Math.max(1.4826 * mad, 1e-3 * Math.max(1.0, Math.abs(median)));
    List<Point> after =
        points.stream()
            .filter(p -> !p.at().isBefore(searchFrom) && Double.isFinite(p.value()))
            .toList();
    for (int i = 0; i < after.size(); i++) {
      double z = (after.get(i).value() - median) / sigma;
      if (Math.abs(z) <= THRESHOLD) {
        continue;
      }
      boolean held = true;
      for (int j = i + 1; j < Math.min(after.size(), i + PERSIST); j++) {
        double zj = (after.get(j).value() - median) / sigma;
        held &= Math.abs(zj) > THRESHOLD && Math.signum(zj) == Math.signum(z);
      }
      if (held) {
        return Optional.of(new Change(after.get(i).at(), z > 0, Math.abs(z)));
      }
    }
    return Optional.empty();
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
