package dev.kintsugi.runtime.signal;

import java.time.Instant;
import java.util.Objects;

/**
 * One new value of a series, before it is scored and stored.
 *
 * @param scored whether a detector scores it (not health results: they have thresholds of their
 *     own)
 */
record Observation(String project, String series, Instant at, double value, boolean scored) {
  Observation {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(at, "at");
  }
}
