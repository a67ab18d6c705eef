package dev.kintsugi.runtime.canary;

/**
 * The numbers behind one metric's verdict.
 *
 * @param shift the Hodges-Lehmann estimate of canary minus baseline (the median of all pairwise
 *     differences): how much the canary moved, robust to outliers
 * @param relativeShift shift over the baseline's median magnitude (NaN when that is 0)
 * @param u the Mann-Whitney U statistic of the canary's samples against the baseline's
 * @param pValue the two-sided p-value of U (normal approximation; 1 without data)
 */
public record MetricResult(
    String name,
    MetricVerdict verdict,
    boolean critical,
    int baselineCount,
    int canaryCount,
    double baselineMedian,
    double canaryMedian,
    double shift,
    double relativeShift,
    double u,
    double pValue,
    String reason) {}
