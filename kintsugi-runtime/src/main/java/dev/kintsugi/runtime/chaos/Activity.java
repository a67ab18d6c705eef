package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * One activity of an experiment: an {@code action} (changes the system) or a {@code probe} (reads
 * it), with its provider, pauses and (for probes) tolerance.
 *
 * @param source the activity as written in the file, before substitution (what the journal shows,
 *     so a substituted secret never reaches it)
 */
record Activity(
    String type,
    String name,
    Provider provider,
    Duration pauseBefore,
    Duration pauseAfter,
    Optional<Tolerance> tolerance,
    JsonNode source) {

  static final String ACTION = "action";
  static final String PROBE = "probe";

  boolean isAction() {
    return ACTION.equals(type);
  }
}
