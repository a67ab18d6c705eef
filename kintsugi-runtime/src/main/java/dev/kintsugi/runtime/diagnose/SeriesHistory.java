package dev.kintsugi.runtime.diagnose;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The stored series diagnosis reads to find what moved first: implemented over the signals' series
 * store.
 */
public interface SeriesHistory {

  /** A series' value at a moment. */
  record Point(Instant at, double value) {
    public Point {
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The project's series' points in [{@code from}, {@code to}], oldest first; empty when unknown.
   */
  List<Point> points(String project, String series, Instant from, Instant to);

  /** The names of the project's series ({@code shop/db_pool_active}). */
  List<String> seriesOf(String project);
}
