package dev.kintsugi.runtime.detect;

/**
 * Turns a detector's raw scores into empirical tail probabilities over its own recent history: the
 * calibrated score of a raw value is the share of the last {@value #HISTORY} raw scores below it
 * (ties count half). If most recent points are normal, a calibrated score ≥ 0.99 happens on about
 * 1% of normal points, whatever the detector's raw scale. Memory: a ring and a sorted copy.
 */
final class TailCalibrator {
  static final int HISTORY = 2000;

  /** Below this much history a calibrated score means little: 0 until then. */
  static final int MIN_HISTORY = 200;

  private final double[] ring = new double[HISTORY];
  private final double[] sorted = new double[HISTORY];
  private int next;
  private int size;

  /** The tail probability of {@code raw} against the history so far, then adds it. */
  double calibrate(double raw) {
    double p = 0;
    if (size >= MIN_HISTORY) {
      int below = lowerBound(raw);
      int equalOrBelow = upperBound(raw);
      p = (below + 0.5 * (equalOrBelow - below)) / size;
    }
    add(raw);
    return p;
  }

  private void add(double raw) {
    if (size == HISTORY) {
      remove(ring[next]);
    }
    ring[next] = raw;
    next = (next + 1) % HISTORY;
    int at = lowerBound(raw);
    System.arraycopy(sorted, at, sorted, at + 1, size - at);
    sorted[at] = raw;
    size++;
  }

  private void remove(double old) {
    int at = lowerBound(old);
    System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
    size--;
  }

  /** The first index whose value is ≥ v. */
  private int lowerBound(double v) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first index whose value is > v. */
  private int upperBound(double v) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
