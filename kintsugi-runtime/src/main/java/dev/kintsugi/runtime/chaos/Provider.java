package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;

/** What an activity calls: an HTTP endpoint, a process, or one of Kintsugi's built-in functions. */
interface Provider {

  /**
   * Calls it; the output is what tolerances judge and the journal records.
   *
   * @throws ActivityFailed when it could not do its job (the activity is recorded as failed)
   */
  JsonNode call(RunContext context) throws ActivityFailed, InterruptedException;
}
