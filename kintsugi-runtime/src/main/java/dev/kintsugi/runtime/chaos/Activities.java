package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs activities as Chaos Toolkit does: pause before, call the provider, record {@code {activity,
 * status, output, start, end, duration, exception?}}, pause after; and the steady-state hypothesis:
 * its probes in order until one fails or is out of tolerance.
 */
final class Activities {

  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";

  private final RunContext context;
  private final Consumer<String> log;

  Activities(RunContext context, Consumer<String> log) {
    this.context = context;
    this.log = log;
  }

  /** Runs one activity; a failure of the target is recorded, never thrown. */
  ObjectNode run(Activity activity) throws InterruptedException {
    pause(activity.pauseBefore());
    log.accept(
        activity.type().substring(0, 1).toUpperCase(Locale.ROOT)
            + activity.type().substring(1)
            + ": "
            + activity.name());
    Instant start = context.clock().instant();
    long began = System.nanoTime();
    ObjectNode run = JsonNodeFactory.instance.objectNode();
    run.set("activity", activity.source().deepCopy());
    JsonNode output = null;
    String problem = null;
    try {
      output = activity.provider().call(context);
    } catch (ActivityFailed e) {
      problem = e.getMessage();
    } catch (RuntimeException e) {
      problem = e.toString();
    }
    Instant end = context.clock().instant();
    run.put("status", problem == null ? SUCCEEDED : FAILED);
    run.set("output", output);
    run.put("start", start.toString());
    run.put("end", end.toString());
    run.put("duration", (System.nanoTime() - began) / 1e9);
    if (problem != null) {
      run.putArray("exception").add("ActivityFailed: " + problem);
      log.accept("  => failed: " + problem);
    }
    pause(activity.pauseAfter());
    return run;
  }

  /**
   * Checks the hypothesis: {@code {"steady_state_met", "probes": [runs with "tolerance_met"]}},
   * stopping at the first probe that fails or is out of tolerance.
   */
  ObjectNode steadyState(Experiment.Hypothesis hypothesis) throws InterruptedException {
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    ArrayNode probes = JsonNodeFactory.instance.arrayNode();
    boolean met = true;
    for (Activity probe : hypothesis.probes()) {
      ObjectNode run = run(probe);
      probes.add(run);
      boolean within =
          SUCCEEDED.equals(run.path("status").asText())
              && probe.tolerance().map(t -> t.accepts(run.get("output"))).orElse(true);
      run.put("tolerance_met", within);
      if (!within) {
        log.accept("  => probe '" + probe.name() + "' is not in the given tolerance");
        met = false;
        break;
      }
    }
    state.put("steady_state_met", met);
    state.set("probes", probes);
    return state;
  }

  static boolean met(JsonNode state) {
    return state != null && state.path("steady_state_met").asBoolean(false);
  }

  private static void pause(Duration d) throws InterruptedException {
    if (!d.isZero()) {
      Thread.sleep(d.toMillis());
    }
  }
}
