package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.runtime.diagnose.SeriesHistory.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two series on the trigger's timestamps: the candidate's value at each is its latest point at or
 * before it (scrapes of different targets do not land on the same instant). Trigger points before
 * the candidate's first point, and non-finite values, are left out.
 */
record Aligned(double[] trigger, double[] candidate) {

  static Optional<Aligned> of(List<Point> trigger, List<Point> candidate) {
    List<double[]> pairs = new ArrayList<>();
    int c = -1;
    for (Point t : trigger) {
      while (c + 1 < candidate.size() && !candidate.get(c + 1).at().isAfter(t.at())) {
        c++;
      }
      if (c < 0 || !Double.isFinite(t.value()) || !Double.isFinite(candidate.get(c).value())) {
        continue;
      }
      pairs.add(new double[] {t.value(), candidate.get(c).value()});
    }
    if (pairs.isEmpty()) {
      return Optional.empty();
    }
    double[] y = new double[pairs.size()];
    double[] x = new double[pairs.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = pairs.get(i)[0];
      x[i] = pairs.get(i)[1];
    }
    return Optional.of(new Aligned(y, x));
  }
}
