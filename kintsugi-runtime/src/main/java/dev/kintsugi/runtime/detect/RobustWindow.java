package dev.kintsugi.runtime.detect;

import java.util.Arrays;

/**
 * The last {@code capacity} values of a stream (a ring), with the robust statistics the detectors
 * need: median and a MAD-based scale. Memory is fixed at construction.
 */
final class RobustWindow {
  /** MAD × this estimates the standard deviation of normal data. */
  static final double MAD_TO_SIGMA = 1.4826;

  /** Mean absolute deviation × this estimates the standard deviation of normal data. */
  private static final double MEAN_ABS_TO_SIGMA = 1.2533;

  private final double[] ring;
  private final double[] scratch;
  private int next;
  private int size;

  RobustWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    ring = new double[capacity];
    scratch = new double[capacity];
  }

  void add(double value) {
    ring[next] = value;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The median of the window; NaN when empty. */
  double median() {
    if (size == 0) {
      return Double.NaN;
    }
    System.arraycopy(ring, 0, scratch, 0, size);
    return sortedMedian(scratch, size);
  }

  /**
   * A robust estimate of the standard deviation: 1.4826 × MAD, or, when more than half the values
   * are equal (MAD 0, common for counts), the scaled mean absolute deviation; never below {@code
   * floor}.
   */
  double scale(double floor) {
    if (size == 0) {
      return floor;
    }
    double median = median();
    double sumAbs = 0;
    for (int i = 0; i < size; i++) {
      scratch[i] = Math.abs(ring[i] - median);
      sumAbs += scratch[i];
    }
    double mad = sortedMedian(scratch, size) * MAD_TO_SIGMA;
    if (mad > 0) {
      return Math.max(mad, floor);
    }
    return Math.max(sumAbs / size * MEAN_ABS_TO_SIGMA, floor);
  }

  /** The values, oldest first. */
  double[] values() {
    double[] out = new double[size];
    int start = size < ring.length ? 0 : next;
    for (int i = 0; i < size; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    return out;
  }

  private static double sortedMedian(double[] values, int n) {
    Arrays.sort(values, 0, n);
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
