package dev.kintsugi.bench.anomaly;

import java.util.List;

/**
 * NAB's scoring rules (Lavin & Ahmad 2015, numenta/NAB sweeper), standard profile: a detection
 * is a score ≥ the threshold; the first detection in a window earns A_TP × σ(position), scaled so
 * the window's left edge earns A_TP; a window without one costs A_FN; a detection outside every
 * window costs |A_FP| × σ(distance past the previous window), −1 × A_FP-weight before any window;
 * the first 15% of a file (at most 750 points) is probationary and not scored.
 */
final class NabScorer {
  static final double A_TP = 1.0;
  static final double A_FP = 0.11; // NAB's fpWeight; applied to a negative sigmoid
  static final double A_FN = 1.0;

  private NabScorer() {}

  /** NAB's scaled sigmoid of a relative position (−1 window start, 0 window end, > 0 after). */
  static double scaledSigmoid(double position) {
    if (position >= 3.0) {
      return -1.0;
    }
    return 2 / (1 + Math.exp(5 * position)) - 1.0;
  }

  /** The raw NAB score of one file at {@code threshold}; windows are inclusive index pairs. */
  static double score(double[] scores, List<int[]> windows, double threshold) {
    int n = scores.length;
    int probation = (int) Math.min(Math.floor(0.15 * n), 0.15 * 5000);
    double maxTp = scaledSigmoid(-1.0);
    double total = 0;
    double falsePositives = 0;
    int w = 0;
    int prevRight = -1;
    int prevWidth = 0;
    double windowBest = Double.NaN; // NaN: current window not scorable (inside probation)
    boolean inWindow = false;
    for (int i = 0; i < n; i++) {
      if (!inWindow && w < windows.size() && i == windows.get(w)[0]) {
        inWindow = true;
        windowBest = Double.NaN;
      }
      if (inWindow) {
        int left = windows.get(w)[0];
        int right = windows.get(w)[1];
        double width = right - left + 1;
        if (i >= probation) {
          if (Double.isNaN(windowBest)) {
            windowBest = -A_FN;
          }
          if (scores[i] >= threshold) {
            double position = -(right - i + 1) / width;
            windowBest = Math.max(windowBest, scaledSigmoid(position) * A_TP / maxTp);
          }
        }
        if (i == right) {
          if (!Double.isNaN(windowBest)) {
            total += windowBest;
          }
          inWindow = false;
          prevRight = right;
          prevWidth = (int) width;
          w++;
        }
      } else if (i >= probation && scores[i] >= threshold) {
        double position = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (double) (prevWidth - 1);
        falsePositives += scaledSigmoid(position) * A_FP;
      }
    }
    return total + falsePositives;
  }

  /** The number of windows that are scored (not entirely inside the probationary period). */
  static int scoredWindows(int n, List<int[]> windows) {
    int probation = (int) Math.min(Math.floor(0.15 * n), 0.15 * 5000);
    return (int) windows.stream().filter(win -> win[1] >= probation).count();
  }
}
