package dev.kintsugi.runtime.detect;

import java.time.Instant;

/**
 * A streaming anomaly detector of one series: it sees one point at a time, in time order, keeps
 * bounded memory, and scores each point in [0, 1] (0 normal, 1 certainly anomalous).
 */
public interface Detector {

  /** The detector's name, as {@code kintsugi detect --detector NAME} takes it. */
  String name();

  /**
   * Scores the next point of the series and learns from it.
   *
   * @throws IllegalArgumentException if {@code at} is not after the previous point's, or {@code
   *     value} is not finite
   */
  double score(Instant at, double value);
}
