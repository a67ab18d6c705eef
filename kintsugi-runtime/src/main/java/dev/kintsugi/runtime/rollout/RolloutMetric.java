package dev.kintsugi.runtime.rollout;

import dev.kintsugi.runtime.canary.MetricSpec;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What the proxy measures per backend and bucket, as the judge compares it: one sample per time
 * bucket.
 */
enum RolloutMetric {
  /**
   * Errors (5xx, failures) per request; critical by default: a canary failing more than 1 % more of
   * its requests is rolled back whatever else it does.
   */
  ERROR_RATE("error-rate", TrafficBucket::errorRate, 0, 0.01, true),
  /** The median latency of answered requests, in milliseconds. */
  LATENCY_P50("latency-p50", TrafficBucket::p50Millis, 0.2, 50, false),
  /**
   * The 99th percentile latency of answered requests, in milliseconds; by default 20 % and 50 ms
   * more are tolerated (a freshly started JVM is slower at first).
   */
  LATENCY_P99("latency-p99", TrafficBucket::p99Millis, 0.2, 50, false);

  private final String wire;
  private final ToDoubleFunction<TrafficBucket> sample;
  private final MetricSpec defaults;

  RolloutMetric(
      String wire,
      ToDoubleFunction<TrafficBucket> sample,
      double allowedRelative,
      double allowedAbsolute,
      boolean critical) {
    this.wire = wire;
    this.sample = sample;
    this.defaults =
        new MetricSpec(wire, MetricSpec.Worse.HIGHER, allowedRelative, allowedAbsolute, critical);
  }

  /** Its settings when the file gives none: higher is worse. */
  MetricSpec defaults() {
    return defaults;
  }

  String wire() {
    return wire;
  }

  /** One sample per bucket (NaN for a bucket without it: the judge leaves those out). */
  double[] samples(List<TrafficBucket> buckets) {
    return buckets.stream().mapToDouble(sample).toArray();
  }

  static Optional<RolloutMetric> named(String name) {
    for (RolloutMetric m : values()) {
      if (m.wire.equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  static List<String> names() {
    return java.util.Arrays.stream(values()).map(RolloutMetric::wire).toList();
  }

  /** What a rollout judges without a {@code metrics} section: errors and the p99 latency. */
  static final List<MetricSpec> DEFAULTS = List.of(ERROR_RATE.defaults(), LATENCY_P99.defaults());
}
