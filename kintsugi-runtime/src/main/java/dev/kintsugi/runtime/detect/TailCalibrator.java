package dev.kintsugi.runtime.detect;

/**
 * Turns a detector's raw scores into empirical tail probabilities over its own recent history: the
 * calibrated score of a raw value is the share of the last {@value #HISTORY} raw scores below it
 * (ties count half); above the highest, in proportion to 1 − raw (raw scores are in [0, 1]), so
 * points beyond the history keep their order. If most recent points are normal, a calibrated score
 * ≥ 0.99 happens on about 1% of normal points, whatever the detector's raw scale. Memory: a ring
 * and a sorted copy.
 */
final class TailCalibrator {
  static final int HISTORY = 2000;

  /** Below this much history a calibrated score means little: 0 until then. */
  static final int MIN_HISTORY = 100;

  private final double[] ring = new double[HISTORY];
  private final double[] sorted = new double[HISTORY];
  private int next;
  private int size;

  /** Whether there is enough history for {@link #calibrate} to answer. */
  boolean ready() {
    return size >= MIN_HISTORY;
  }

  /** The tail probability of {@code raw} against the history so far, then adds it. */
  double calibrate(double raw) {
    double p = 0;
    if (ready()) {
      int below = lowerBound(raw);
      if (below == size && sorted[size - 1] < 1) {
        // Above the whole history: the empirical rank alone would tie every such point at 1.0.
        // Raw scores in [0, 1] are tail-like, so go on in proportion to 1 − raw: from the score of
        // a tie with the maximum (1 − ½/size) towards 1 as raw approaches 1.
        p = 1 - 0.5 / size * (1 - raw) / (1 - sorted[size - 1]);
      } else {
        int equalOrBelow = upperBound(raw);
        p = (below + 0.5 * (equalOrBelow - below)) / size;
      }
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
