package dev.kintsugi.runtime.canary;

import java.util.Objects;

/** One metric's samples from the baseline and from the canary over the same interval. */
public record Comparison(MetricSpec spec, double[] baseline, double[] canary) {

  public Comparison {
    Objects.requireNonNull(spec, "spec");
    baseline = finite(baseline);
    canary = finite(canary);
  }

  /** NaN and infinities say nothing about a service: a scrape that failed, a 0/0 rate. */
  private static double[] finite(double[] values) {
    return java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
  }
}
