package dev.kintsugi.runtime.detect;

import java.util.Random;

/**
 * Streaming use of an {@link IsolationForest}: keeps the last {@value #WINDOW} feature vectors,
 * scores each new vector with the current forest, and regrows the forest on the window every
 * {@value #RETRAIN_EVERY} vectors (first after {@value #MIN_TRAINING}). Deterministic: the forest's
 * randomness comes from a fixed seed.
 */
final class ForestWindow {
  static final int WINDOW = 1024;
  static final int RETRAIN_EVERY = 256;
  static final int MIN_TRAINING = 128;
  static final int TREES = 64;
  static final int SAMPLE = 256;

  private final double[][] ring = new double[WINDOW][];
  private final Random random = new Random(0x15_0F_0E5L);
  private int next;
  private int size;
  private long sinceTraining;
  private IsolationForest forest;

  /**
   * The score of {@code features} under the current forest (0 before the first), then learns it.
   */
  double score(double[] features) {
    double s = forest == null ? 0 : forest.score(features);
    ring[next] = features.clone();
    next = (next + 1) % WINDOW;
    size = Math.min(size + 1, WINDOW);
    sinceTraining++;
    if (size >= MIN_TRAINING && (forest == null || sinceTraining >= RETRAIN_EVERY)) {
      double[][] data = new double[size][];
      System.arraycopy(ring, 0, data, 0, size);
      forest = IsolationForest.fit(data, TREES, SAMPLE, random);
      sinceTraining = 0;
    }
    return s;
  }
}
