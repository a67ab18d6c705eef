package dev.kintsugi.runtime.detect;

import java.time.Instant;

/**
 * Isolation Forest over windowed features of one series: its change from the previous point and its
 * distance from the medians of the last {@value #SHORT} and {@value #LONG} points. Relative
 * features (not the value itself) let a level shift stop scoring once the windows have followed it,
 * instead of until the forest's training window has. The forest is regrown periodically on a
 * bounded window of recent features ({@link ForestWindow}); the score is the forest's raw score
 * (about 0.5 or less normal, towards 1 anomalous), 0 until the first forest has grown.
 */
final class ForestDetector implements Detector {
  static final String NAME = "iforest";
  static final int SHORT = 16;
  static final int LONG = 128;

  private final StreamOrder order = new StreamOrder();
  private final ForestWindow forest = new ForestWindow();
  private final RobustWindow shortContext = new RobustWindow(SHORT);
  private final RobustWindow longContext = new RobustWindow(LONG);
  private double previous = Double.NaN;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double score(Instant at, double value) {
    order.accept(at, value);
    double change = Double.isNaN(previous) ? 0 : value - previous;
    double fromShort = shortContext.isEmpty() ? 0 : value - shortContext.median();
    double fromLong = longContext.isEmpty() ? 0 : value - longContext.median();
    previous = value;
    shortContext.add(value);
    longContext.add(value);
    return forest.score(new double[] {change, fromShort, fromLong});
  }
}
