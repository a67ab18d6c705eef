package dev.kintsugi.runtime.detect;

import java.time.Instant;

/**
 * Isolation Forest across several series: the features of a tick are each series' value and its
 * change since the previous tick; the forest is regrown periodically on a bounded window of recent
 * ticks ({@link ForestWindow}). Score: the forest's raw score (about 0.5 or less normal, towards 1
 * anomalous), 0 until the first forest has grown ({@value ForestWindow#MIN_TRAINING} ticks).
 */
final class MultiSeriesForest implements MultiSeriesDetector {
  static final String NAME = "iforest-multi";

  private final int dimensions;
  private final ForestWindow forest = new ForestWindow();
  private final StreamOrder order = new StreamOrder();
  private double[] previous;

  MultiSeriesForest(int dimensions) {
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be at least 1, was " + dimensions);
    }
    this.dimensions = dimensions;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public double score(Instant at, double[] values) {
    if (values.length != dimensions) {
      throw new IllegalArgumentException(
          "expected " + dimensions + " values per tick, got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      order.requireFinite(at, values[i], "value " + i);
    }
    order.advance(at);
    double[] features = new double[2 * dimensions];
    for (int i = 0; i < dimensions; i++) {
      features[i] = values[i];
      features[dimensions + i] = previous == null ? 0 : values[i] - previous[i];
    }
    previous = values.clone();
    return forest.score(features);
  }
}
