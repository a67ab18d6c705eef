package dev.kintsugi.runtime.detect;

import java.time.Instant;

/**
 * A streaming anomaly detector over several series sampled together: one vector per tick (the
 * series in a fixed order), scored in [0, 1] as a whole. It finds points that are unusual in
 * combination (e.g. latency up while throughput is normal) that no single series shows.
 */
public interface MultiSeriesDetector {

  /** The detector's name. */
  String name();

  /** How many series each vector holds. */
  int dimensions();

  /**
   * Scores the next tick and learns from it.
   *
   * @throws IllegalArgumentException if {@code at} is not after the previous tick's, {@code values}
   *     has not {@link #dimensions()} entries, or one is not finite
   */
  double score(Instant at, double[] values);
}
