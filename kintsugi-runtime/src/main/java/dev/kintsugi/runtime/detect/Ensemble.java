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
 * <p>Each member's raw scores are calibrated from the end of that member's own warm-up (its first
 * scores would skew the calibration), and a calibrator needs {@value TailCalibrator#MIN_HISTORY}
 * raw scores before it answers; until then the member is left out (k counts the members that
 * answer). The ensemble scores 0 for its first {@value SeasonalBaseline#WARM_UP} + {@value
 * TailCalibrator#MIN_HISTORY} points, the forest joins after {@value ForestWindow#MIN_TRAINING} +
 * {@value TailCalibrator#MIN_HISTORY}. Ties (several members beyond their whole history) are broken
 * by the members' mean calibrated score, with weight {@value #AGREEMENT}.
 */
final class Ensemble implements Detector {
  static final String NAME = "ensemble";
  static final double AGREEMENT = 0.001;

  /** A member and the number of points it needs before its scores mean anything. */
  record Member(Detector detector, int warmUp) {}

  private final StreamOrder order = new StreamOrder();
  private final List<Member> members;
  private final TailCalibrator[] calibrators;
  private long seen;

  Ensemble(List<Member> members) {
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
    int answering = 0;
    for (int i = 0; i < calibrators.length; i++) {
      Member m = members.get(i);
      double raw = m.detector().score(at, value);
      if (seen >= m.warmUp()) {
        boolean ready = calibrators[i].ready();
        double p = calibrators[i].calibrate(raw);
        if (ready) {
          max = Math.max(max, p);
          sum += p;
          answering++;
        }
      }
    }
    seen++;
    if (answering == 0) {
      return 0;
    }
    return Math.pow(max, answering) * (1 - AGREEMENT * (1 - sum / answering));
  }
}
