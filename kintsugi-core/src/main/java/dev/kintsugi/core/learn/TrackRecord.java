package dev.kintsugi.core.learn;

/**
 * How a repairer's delivered fixes fared: kept, or found wrong later (regressed, reverted, rejected
 * by a person).
 *
 * @param kept fixes delivered and not found wrong
 * @param failed fixes found wrong after delivery
 */
public record TrackRecord(int kept, int failed) {

  /** No history. */
  public static final TrackRecord NONE = new TrackRecord(0, 0);

  public TrackRecord {
    if (kept < 0 || failed < 0) {
      throw new IllegalArgumentException("counts must be >= 0, were " + kept + ", " + failed);
    }
  }

  /**
   * The share of fixes kept, smoothed with one success and one failure (Laplace's rule of
   * succession): 0.5 without history, approaching the observed share as fixes accumulate, never 0
   * or 1 from a handful of them.
   */
  public double precision() {
    return (kept + 1.0) / (kept + failed + 2.0);
  }
}
