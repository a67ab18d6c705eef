package dev.kintsugi.runtime.canary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Judges a canary against its baseline the way Kayenta's judge does: per metric, a Mann-Whitney U
 * test (nonparametric: latency and error samples are not normal) says whether the canary's samples
 * come from a different distribution, and the Hodges-Lehmann shift says by how much; a metric fails
 * only when the difference is significant, in the worse direction and beyond what it allows. The
 * score is the share of metrics with data that passed; a failed critical metric fails the canary
 * outright.
 *
 * <p>Mann-Whitney comes from commons-math3 (normal approximation, ties ranked by their average).
 */
public final class CanaryJudge {

  /** Samples a side the shift estimate pairs up, at most (500 × 500 differences). */
  static final int MAX_SIDE = 500;

  private final double alpha;
  private final double passScore;
  private final double marginalScore;
  private final int minSamples;

  /**
   * @param alpha significance level of the test ({@code 0.05})
   * @param passScore score from which the canary passes ({@code 95})
   * @param marginalScore score under which it fails; between the two it is inconclusive ({@code
   *     75})
   * @param minSamples samples each side needs before a metric is judged ({@code 5})
   */
  public CanaryJudge(double alpha, double passScore, double marginalScore, int minSamples) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    if (!(marginalScore >= 0 && marginalScore <= passScore && passScore <= 100)) {
      throw new IllegalArgumentException(
          "need 0 <= marginal <= pass <= 100: " + marginalScore + ", " + passScore);
    }
    if (minSamples < 2) {
      throw new IllegalArgumentException("minSamples must be at least 2: " + minSamples);
    }
    this.alpha = alpha;
    this.passScore = passScore;
    this.marginalScore = marginalScore;
    this.minSamples = minSamples;
  }

  /** Kayenta's usual settings: 95 % confidence, pass at 95, fail under 75, 5 samples a side. */
  public static CanaryJudge standard() {
    return new CanaryJudge(0.05, 95, 75, 5);
  }

  /** The verdict over these metrics' samples. */
  public Judgement judge(List<Comparison> comparisons) {
    List<MetricResult> results = new ArrayList<>();
    for (Comparison c : comparisons) {
      results.add(metric(c));
    }
    List<String> criticalFailures =
        results.stream()
            .filter(r -> r.critical() && r.verdict().failed())
            .map(r -> r.name())
            .toList();
    long judged = results.stream().filter(r -> r.verdict() != MetricVerdict.NODATA).count();
    long passed = results.stream().filter(r -> r.verdict() == MetricVerdict.PASS).count();
    double score = judged == 0 ? 0 : 100.0 * passed / judged;
    if (!criticalFailures.isEmpty()) {
      return new Judgement(
          Verdict.FAIL,
          score,
          "critical metric failed: " + String.join(", ", criticalFailures),
          results);
    }
    if (judged == 0) {
      return new Judgement(Verdict.INCONCLUSIVE, 0, "no metric has enough samples yet", results);
    }
    boolean criticalWithoutData =
        results.stream().anyMatch(r -> r.critical() && r.verdict() == MetricVerdict.NODATA);
    String summary =
        String.format(java.util.Locale.ROOT, "%d of %d metrics passed", passed, judged);
    if (score < marginalScore) {
      return new Judgement(Verdict.FAIL, score, summary, results);
    }
    if (score < passScore) {
      return new Judgement(Verdict.INCONCLUSIVE, score, summary + " (marginal)", results);
    }
    if (criticalWithoutData) {
      return new Judgement(
          Verdict.INCONCLUSIVE, score, summary + "; a critical metric has no data yet", results);
    }
    return new Judgement(Verdict.PASS, score, summary, results);
  }

  private MetricResult metric(Comparison c) {
    MetricSpec spec = c.spec();
    double[] base = c.baseline();
    double[] canary = c.canary();
    double baseMedian = median(base);
    double canaryMedian = median(canary);
    if (base.length < minSamples || canary.length < minSamples) {
      return new MetricResult(
          spec.name(),
          MetricVerdict.NODATA,
          spec.critical(),
          base.length,
          canary.length,
          baseMedian,
          canaryMedian,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          1.0,
          String.format(
              java.util.Locale.ROOT,
              "%d baseline and %d canary samples; %d each needed",
              base.length,
              canary.length,
              minSamples));
    }
    MannWhitneyUTest test = new MannWhitneyUTest();
    double u = test.mannWhitneyU(canary, base);
    double p = identical(base, canary) ? 1.0 : test.mannWhitneyUTest(canary, base);
    double shift = hodgesLehmann(canary, base);
    double scale = Math.abs(baseMedian);
    double relative = scale == 0 ? Double.NaN : shift / scale;
    boolean significant = p < alpha;
    boolean beyond =
        Math.abs(shift) > spec.allowedAbsolute()
            && (Double.isNaN(relative) || Math.abs(relative) > spec.allowedRelative());
    boolean higherIsWorse = spec.worse() != MetricSpec.Worse.LOWER;
    boolean lowerIsWorse = spec.worse() != MetricSpec.Worse.HIGHER;
    MetricVerdict verdict = MetricVerdict.PASS;
    if (significant && beyond && shift > 0 && higherIsWorse) {
      verdict = MetricVerdict.HIGH;
    } else if (significant && beyond && shift < 0 && lowerIsWorse) {
      verdict = MetricVerdict.LOW;
    }
    String reason =
        String.format(
            java.util.Locale.ROOT,
            "median %s → %s, shift %+.4g%s, p=%.3g%s",
            fmt(baseMedian),
            fmt(canaryMedian),
            shift,
            Double.isNaN(relative)
                ? ""
                : String.format(java.util.Locale.ROOT, " (%+.1f%%)", 100 * relative),
            p,
            verdict.failed()
                ? " — significant and beyond the allowed change"
                : significant && beyond
                    ? " — significant, in the harmless direction"
                    : significant ? " — significant but within the allowed change" : "");
    return new MetricResult(
        spec.name(),
        verdict,
        spec.critical(),
        base.length,
        canary.length,
        baseMedian,
        canaryMedian,
        shift,
        relative,
        u,
        p,
        reason);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }

  /** Two samples of one same value do not differ, whatever the approximation says. */
  private static boolean identical(double[] a, double[] b) {
    double first = a[0];
    return Arrays.stream(a).allMatch(v -> v == first) && Arrays.stream(b).allMatch(v -> v == first);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The median of every difference canary − baseline; past {@link #MAX_SIDE} samples a side, of an
   * evenly spaced subsample of each (O(n·m) pairs otherwise).
   */
  static double hodgesLehmann(double[] canary, double[] baseline) {
    double[] c = thin(canary);
    double[] b = thin(baseline);
    double[] diffs = new double[c.length * b.length];
    int k = 0;
    for (double x : c) {
      for (double y : b) {
        diffs[k++] = x - y;
      }
    }
    return median(diffs);
  }

  private static double[] thin(double[] values) {
    if (values.length <= MAX_SIDE) {
      return values;
    }
    double[] out = new double[MAX_SIDE];
    for (int i = 0; i < MAX_SIDE; i++) {
      out[i] = values[(int) ((long) i * values.length / MAX_SIDE)];
    }
    return out;
  }
}
