package dev.kintsugi.runtime.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * A baseline for series that repeat every so many points rather than by the clock — a heap's
 * garbage-collection sawtooth, a batch job's cycle: the period is the lag (in points) with the
 * highest autocorrelation over the recent history (detrended), re-estimated every {@value
 * #REESTIMATE_EVERY} points; the expected value of a point is the median of the points one, two and
 * three periods back, plus a short robust level offset; the score is the two-sided Gaussian
 * confidence of the deviation over a MAD-based scale. Without a clear period (autocorrelation below
 * {@value #MIN_CORRELATION}) the expected value is the median of the last {@value #SHORT} points,
 * so the detector stays a robust level model on aperiodic series.
 *
 * <p>Memory: a ring of {@value #HISTORY} values and two windows of at most {@value
 * SeasonalBaseline#RECENT}.
 */
final class PeriodicBaseline implements Detector {
  static final String NAME = "periodic";
  static final int HISTORY = 1024;
  static final int MIN_LAG = 4;
  static final int MAX_LAG = HISTORY / 3;
  static final int REESTIMATE_EVERY = 128;
  static final double MIN_CORRELATION = 0.6;
  static final int CYCLES = 3;
  static final int SHORT = 16;

  /** Points the level offset follows: a step stops scoring after about half of them. */
  static final int OFFSET_WINDOW = 32;

  static final int WARM_UP = 24;

  /** {@link #scoreInstead} prefers this model when its deviations are this much narrower. */
  static final double PREFERRED = 0.8;

  private final StreamOrder order = new StreamOrder();
  private final double[] history = new double[HISTORY];
  private final double[] cycle = new double[CYCLES];
  private final RobustWindow recentValues = new RobustWindow(SHORT);
  private final RobustWindow offsets = new RobustWindow(OFFSET_WINDOW);
  private final RobustWindow deviations = new RobustWindow(SeasonalBaseline.RECENT);
  private long seen;
  private int period;

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Scores the point and learns it, as {@link #score}, for a clock-seasonal detector that has this
   * model alongside: the result is this model's score while it has a period and its recent
   * deviations are narrower than {@value #PREFERRED} × {@code ownScale} (the other model's scale
   * before this point), else {@code ownScore}.
   */
  double scoreInstead(Instant at, double value, double ownScale, double ownScore) {
    boolean fits = periodic() && scale() < PREFERRED * ownScale;
    double s = score(at, value);
    return fits ? s : ownScore;
  }

  /** Whether a period is in use (else the baseline is the recent median). */
  boolean periodic() {
    return period > 0 && seen >= (long) CYCLES * period;
  }

  /** The robust scale of the recent deviations from the baseline, before the next point. */
  double scale() {
    return deviations.scale(0);
  }

  @Override
  public double score(Instant at, double value) {
    order.accept(at, value);
    if (seen >= 2L * MIN_LAG && seen % REESTIMATE_EVERY == 0) {
      period = estimatePeriod();
    }
    double base = expected(value);
    double residual = value - base;
    double offset = offsets.isEmpty() ? 0 : offsets.median();
    double deviation = residual - offset;
    double score = 0;
    if (seen >= WARM_UP) {
      score = Scores.twoSided(deviation / deviations.scale(SeasonalBaseline.floor(base)));
    }
    history[(int) (seen % HISTORY)] = value;
    recentValues.add(value);
    offsets.add(residual);
    deviations.add(deviation);
    seen++;
    return score;
  }

  private double expected(double value) {
    if (periodic()) {
      for (int c = 0; c < CYCLES; c++) {
        cycle[c] = back((c + 1) * period);
      }
      Arrays.sort(cycle);
      return cycle[CYCLES / 2];
    }
    return recentValues.isEmpty() ? value : recentValues.median();
  }

  /** The value {@code lag} points before the current one (lag ≤ the history held). */
  private double back(int lag) {
    return history[(int) ((seen - lag) % HISTORY)];
  }

  /**
   * The lag with the highest autocorrelation over the held history, if that is at least {@value
   * #MIN_CORRELATION} and a local peak; 0 for none. A multiple of the true period correlates as
   * well, so the first lag within 0.05 of the best wins.
   */
  private int estimatePeriod() {
    int n = (int) Math.min(seen, HISTORY);
    int maxLag = Math.min(MAX_LAG, n / 3);
    if (maxLag < MIN_LAG) {
      return 0;
    }
    // Detrended (least-squares line over the history): a leak or a ramp correlates at every lag
    // and would hide the period.
    double meanK = (n + 1) / 2.0;
    double mean = 0;
    for (int k = 1; k <= n; k++) {
      mean += back(k);
    }
    mean /= n;
    double sxy = 0;
    double sxx = 0;
    for (int k = 1; k <= n; k++) {
      sxy += (k - meanK) * (back(k) - mean);
      sxx += (k - meanK) * (k - meanK);
    }
    double slope = sxy / sxx;
    double[] detrended = new double[n + 1];
    double variance = 0;
    for (int k = 1; k <= n; k++) {
      detrended[k] = back(k) - mean - slope * (k - meanK);
      variance += detrended[k] * detrended[k];
    }
    if (variance <= 0) {
      return 0;
    }
    double[] acf = new double[maxLag + 2];
    for (int lag = MIN_LAG - 1; lag <= maxLag + 1 && lag < n; lag++) {
      double sum = 0;
      for (int k = 1; k + lag <= n; k++) {
        sum += detrended[k] * detrended[k + lag];
      }
      acf[lag] = sum / variance;
    }
    double best = 0;
    for (int lag = MIN_LAG; lag <= maxLag; lag++) {
      best = Math.max(best, acf[lag]);
    }
    if (best < MIN_CORRELATION) {
      return 0;
    }
    for (int lag = MIN_LAG; lag <= maxLag; lag++) {
      boolean peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
      if (peak && acf[lag] >= best - 0.05) {
        return lag;
      }
    }
    return 0;
  }
}
