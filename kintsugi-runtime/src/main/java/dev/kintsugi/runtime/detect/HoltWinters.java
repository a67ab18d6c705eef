package dev.kintsugi.runtime.detect;

import java.time.Instant;

/**
 * Holt-Winters (additive level, trend and daily seasonality, the season keyed by the point's
 * half-hour of the day so gaps do not shift it), with the forecast error scaled by a robust running
 * deviation (MAD of the recent errors). Updates use the error clipped at ±{@value #CLIP} deviations
 * (robust Holt-Winters, Gelper et al. 2010), so one outlier does not drag the level; after {@value
 * #SHIFT_RUN} clipped errors of the same sign in a row the series is taken to have moved and the
 * full error is learned. Series that repeat by a count of points rather than by the clock are
 * scored by a {@link PeriodicBaseline} alongside while it fits clearly better.
 */
final class HoltWinters implements Detector {
  static final String NAME = "holt-winters";
  static final double ALPHA = 0.15;
  static final double BETA = 0.01;
  static final double GAMMA = 0.2;
  static final int SEASON_BUCKETS = 48;
  static final double CLIP = 3;
  static final int SHIFT_RUN = 6;
  static final int WARM_UP = 24;

  private final StreamOrder order = new StreamOrder();
  private final double[] season = new double[SEASON_BUCKETS];
  private final RobustWindow errors = new RobustWindow(SeasonalBaseline.RECENT);
  private final PeriodicBaseline period = new PeriodicBaseline();
  private double level;
  private double trend;
  private long seen;
  private int sameSignRun;
  private int lastSign;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double score(Instant at, double value) {
    order.accept(at, value);
    int b = (int) (Math.floorMod(at.getEpochSecond(), 86_400L) / (86_400 / SEASON_BUCKETS));
    if (seen == 0) {
      level = value;
      seen++;
      return period.scoreInstead(at, value, 0, 0);
    }
    double forecast = level + trend + season[b];
    double error = value - forecast;
    double scale = errors.scale(SeasonalBaseline.floor(level));
    double score = seen >= WARM_UP ? Scores.twoSided(error / scale) : 0;
    score = period.scoreInstead(at, value, scale, score);

    double learned = error;
    if (seen >= WARM_UP && Math.abs(error) > CLIP * scale) {
      int sign = error > 0 ? 1 : -1;
      sameSignRun = sign == lastSign ? sameSignRun + 1 : 1;
      lastSign = sign;
      if (sameSignRun < SHIFT_RUN) {
        learned = sign * CLIP * scale;
      }
    } else {
      sameSignRun = 0;
      lastSign = 0;
    }
    double x = forecast + learned;
    double previousLevel = level;
    level = ALPHA * (x - season[b]) + (1 - ALPHA) * (level + trend);
    trend = BETA * (level - previousLevel) + (1 - BETA) * trend;
    season[b] = GAMMA * (x - level) + (1 - GAMMA) * season[b];
    errors.add(error);
    seen++;
    return score;
  }
}
