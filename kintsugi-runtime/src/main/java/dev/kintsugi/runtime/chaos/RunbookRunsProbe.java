package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code runbook_runs(project, since)}: the project's runbook runs detected since {@code since} (a
 * look-back such as {@code 10m}; by default since the experiment started), from the server's {@code
 * GET /api/v1/runtime/runs}. The output is {@code {"count", "recovered", "runs": [...]}}, so a
 * tolerance can judge {@code count} with a range or the runs with a JSONPath.
 */
record RunbookRunsProbe(String project, Optional<Duration> since) implements Provider {

  static RunbookRunsProbe parse(JsonNode arguments, String at, Builtins.Call call)
      throws RuntimeConfigException {
    call.needsServer();
    ConfigNode a = ConfigNode.of(arguments, at, List.of("project", "since"));
    return new RunbookRunsProbe(
        a.text("project"),
        a.has("since") ? Optional.of(a.duration("since", Duration.ZERO)) : Optional.empty());
  }

  @Override
  public JsonNode call(RunContext context) throws ActivityFailed, InterruptedException {
    Instant from = since.map(d -> context.clock().instant().minus(d)).orElse(context.started());
    JsonNode runs;
    try {
      runs = context.server().runs(project);
    } catch (IOException e) {
      throw new ActivityFailed(e.getMessage(), e);
    }
    ArrayNode found = detectedSince(runs, from);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("count", found.size());
    int recovered = 0;
    for (JsonNode r : found) {
      recovered += "recovered".equals(r.path("outcome").asText()) ? 1 : 0;
    }
    out.put("recovered", recovered);
    out.set("runs", found);
    return out;
  }

  /** The runs (as the server answers them) detected at or after {@code from}, oldest first. */
  static ArrayNode detectedSince(JsonNode runs, Instant from) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (runs == null || !runs.isArray()) {
      return out;
    }
    for (int i = runs.size() - 1; i >= 0; i--) {
      JsonNode r = runs.get(i);
      Optional<Instant> detected = instant(r.path("detectedAt"));
      if (detected.isPresent() && !detected.get().isBefore(from)) {
        out.add(r);
      }
    }
    return out;
  }

  static Optional<Instant> instant(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.textValue()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
