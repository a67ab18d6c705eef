package dev.kintsugi.runtime.detect;

import java.time.Instant;
import java.util.List;

/**
 * The default detector: every member scores the point, each raw score becomes an empirical tail
 * probability over that member's own recent history ({@link TailCalibrator}), and the combined
 * score is max(p₁ … pₖ)ᵏ. If the members' calibrated scores were independent and uniform on normal
 * points, the combined score would be uniform too, so P(score ≥ 1 − a) = a on normal data: a
 * threshold of 0.99 means a 1% false-alarm rate. Correlated members make it lower (conservative);
 * the measured rate on pure Gaussian noise is in the module's tests and bench/anomaly/README.md.
 *
 * <p>The first {@value #WARM_UP} points only train the members (their own warm-ups would skew the
 * calibration), and the calibrators need {@value TailCalibrator#MIN_HISTORY} more: the ensemble
 * scores 0 for its first {@value #WARM_UP} + {@value TailCalibrator#MIN_HISTORY} points.
 */
final class Ensemble implements Detector {
  static final String NAME = "ensemble";
  static final int WARM_UP = ForestWindow.MIN_TRAINING;
  static final double AGREEMENT = 0.001;

  private final StreamOrder order = new StreamOrder();
  private final List<Detector> members;
  private final TailCalibrator[] calibrators;
  private long seen;

  Ensemble(List<Detector> members) {
    this.members = List.copyOf(members);
    this.calibrators = new TailCalibrator[members.size()];
    for (int i = 0; i < calibrators.length; i++) {
      calibrators[i] = new TailCalibrator();
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double score(Instant at, double value) {
    order.accept(at, value);
    double max = 0;
    double sum = 0;
    for (int i = 0; i < calibrators.length; i++) {
      double raw = members.get(i).score(at, value);
      if (seen >= WARM_UP) {
        double p = calibrators[i].calibrate(raw);
        max = Math.max(max, p);
        sum += p;
      }
    }
    seen++;
    double mean = sum / calibrators.length;
    return Math.pow(max, calibrators.length) * (1 - AGREEMENT * (1 - mean));
  }
}
