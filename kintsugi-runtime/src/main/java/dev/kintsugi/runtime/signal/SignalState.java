package dev.kintsugi.runtime.signal;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What is true now, as the signals see it: runbooks read it to verify that an action helped. The
 * signals stage implements it over its latest health results, scored series, alerts and ingest.
 */
public interface SignalState {

  /**
   * Whether the project's named health check passes now (by its success threshold); empty when the
   * check is unknown or has no result yet.
   */
  Optional<Boolean> healthy(String project, String check);

  /** The newest anomaly score of the series observed after {@code since}; empty if none. */
  OptionalDouble latestScore(String project, String series, Instant since);

  /** Whether the project's named alert is firing now. */
  boolean firing(String project, String alertName);

  /** How many events of the incident arrived after {@code since}. */
  long incidentEventsSince(long incidentId, Instant since);
}
