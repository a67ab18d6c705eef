package dev.kintsugi.runtime.chaos;

import dev.kintsugi.runtime.KintsugiClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider may use while an experiment runs.
 *
 * @param experiment the experiment's title (sent with every fault, so the server knows whose it is)
 * @param kintsugi the Kintsugi server, when the experiment configures one
 * @param started when the experiment started (the default {@code since} of runbook runs)
 * @param env the environment processes run with
 */
record RunContext(
    String experiment,
    ExperimentSettings settings,
    Optional<KintsugiClient> kintsugi,
    Instant started,
    Clock clock,
    Map<String, String> env) {

  /** The server's client, or a failure saying the experiment configures none. */
  KintsugiClient server() throws ActivityFailed {
    return kintsugi.orElseThrow(
        () ->
            new ActivityFailed(
                "no Kintsugi server: set configuration."
                    + ExperimentSettings.URL
                    + " and "
                    + ExperimentSettings.TOKEN));
  }
}
