package dev.kintsugi.runtime.detect;

import java.time.Instant;

/**
 * Robust seasonal baseline: the expected value of a point is the median of the recent points in its
 * hour of the week (a bounded ring per bucket), plus a robust level offset that follows steps
 * within hours instead of weeks; the score is the two-sided Gaussian confidence of the deviation
 * divided by a MAD-based scale. A bucket is used once it has {@value #MIN_IN_BUCKET} points; until
 * then the median of the recent points of any hour stands in. Buckets are keyed by wall time, so
 * gaps in the series do not shift the season. Series that repeat by a count of points rather than
 * by the clock (a heap's sawtooth) are modelled by a {@link PeriodicBaseline} alongside; it scores
 * instead while it has found a period and its recent deviations are clearly tighter.
 *
 * <p>Memory: 168 buckets × {@value #BUCKET_CAPACITY} values plus three windows of at most {@value
 * #RECENT} values, and the period model's.
 */
final class SeasonalBaseline implements Detector {
  static final String NAME = "seasonal";
  static final int BUCKETS = 7 * 24;
  static final int BUCKET_CAPACITY = 24;
  static final int MIN_IN_BUCKET = 6;
  static final int RECENT = 256;

  /** Points the level offset follows: a step stops scoring after about half of them. */
  static final int OFFSET_WINDOW = 64;

  static final int WARM_UP = 16;

  private final StreamOrder order = new StreamOrder();
  private final RobustWindow[] buckets = new RobustWindow[BUCKETS];
  private final RobustWindow recentValues = new RobustWindow(RECENT);
  private final RobustWindow offsets = new RobustWindow(OFFSET_WINDOW);
  private final RobustWindow deviations = new RobustWindow(RECENT);
  private final PeriodicBaseline period = new PeriodicBaseline();
  private long seen;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double score(Instant at, double value) {
    order.accept(at, value);
    int b = bucketOf(at);
    RobustWindow bucket = buckets[b];
    if (bucket == null) {
      bucket = buckets[b] = new RobustWindow(BUCKET_CAPACITY);
    }
    double base;
    if (bucket.size() >= MIN_IN_BUCKET) {
      base = bucket.median();
    } else {
      base = recentValues.isEmpty() ? value : recentValues.median();
    }
    double residual = value - base;
    double offset = offsets.isEmpty() ? 0 : offsets.median();
    double deviation = residual - offset;
    double score = 0;
    double scale = deviations.scale(floor(base));
    if (seen >= WARM_UP) {
      score = Scores.twoSided(deviation / scale);
    }
    score = period.scoreInstead(at, value, scale, score);
    bucket.add(value);
    recentValues.add(value);
    offsets.add(residual);
    deviations.add(deviation);
    seen++;
    return score;
  }

  static int bucketOf(Instant at) {
    return (int) (Math.floorMod(at.getEpochSecond(), 7 * 24 * 3600L) / 3600);
  }

  /** The smallest scale: keeps a flat series from turning rounding noise into anomalies. */
  static double floor(double level) {
    return 1e-9 + 1e-6 * Math.abs(level);
  }
}
