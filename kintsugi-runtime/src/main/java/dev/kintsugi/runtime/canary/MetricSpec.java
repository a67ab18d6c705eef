package dev.kintsugi.runtime.canary;

import java.util.Objects;

/**
 * One metric a canary is judged on, and what counts as worse.
 *
 * @param name what the verdict calls it ({@code error-rate}, {@code latency-p99})
 * @param worse which direction of change is a regression
 * @param allowedRelative a regression is tolerated up to this share of the baseline's median
 *     ({@code 0.1}: 10 % more latency is fine)
 * @param allowedAbsolute and up to this absolute change (so that 0.001 → 0.002 errors per second is
 *     not a 100 % regression); a change fails only when it exceeds both
 * @param critical a critical metric that fails fails the canary whatever the others say
 */
public record MetricSpec(
    String name, Worse worse, double allowedRelative, double allowedAbsolute, boolean critical) {

  /** Which way a metric gets worse. */
  public enum Worse {
    /** Higher is worse: errors, latency. */
    HIGHER,
    /** Lower is worse: throughput, success rate. */
    LOWER,
    /** Any significant change is worse. */
    EITHER;

    /** The word the API and config use: {@code higher}, {@code lower}, {@code either}. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The direction named by its wire word.
     *
     * @throws IllegalArgumentException naming the known words
     */
    public static Worse of(String word) {
      for (Worse w : values()) {
        if (w.wire().equals(word)) {
          return w;
        }
      }
      throw new IllegalArgumentException(
          "unknown direction '" + word + "'; known: higher, lower, either");
    }
  }

  public MetricSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(worse, "worse");
    if (!(allowedRelative >= 0) || !(allowedAbsolute >= 0)) {
      throw new IllegalArgumentException("allowed changes must be zero or more: " + name);
    }
  }
}
