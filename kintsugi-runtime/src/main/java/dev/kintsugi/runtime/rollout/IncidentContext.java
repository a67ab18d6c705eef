package dev.kintsugi.runtime.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.runtime.KintsugiClient;
import dev.kintsugi.runtime.canary.Comparison;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asks the Kintsugi server whether the canary's release raised an incident: the judgement's samples
 * and the release go to its canary analysis (so the analysis is in its audit trail), and an answer
 * failed by an incident (one known before, or first seen with this release) fails the step. A
 * server that cannot be reached leaves the judgement to the proxy's numbers, said once.
 */
final class IncidentContext {

  private final KintsugiClient server;
  private final ServerContext context;
  private final Consumer<String> progress;
  private boolean saidUnreachable;

  IncidentContext(KintsugiClient server, ServerContext context, Consumer<String> progress) {
    this.server = server;
    this.context = context;
    this.progress = progress;
  }

  /**
   * Why the canary fails on its incidents over the last {@code window}, if it does.
   *
   * @throws InterruptedException when interrupted while asking
   */
  Optional<String> failure(List<Comparison> comparisons, Duration window)
      throws InterruptedException {
    JsonNode answer;
    try {
      answer = server.analyseCanary(request(comparisons, window));
    } catch (IOException e) {
      if (!saidUnreachable) {
        saidUnreachable = true;
        progress.accept(
            "cannot ask the Kintsugi server about release "
                + context.release()
                + " ("
                + e.getMessage()
                + "): judged on the proxy's numbers alone");
      }
      return Optional.empty();
    }
    boolean incidentFailed = false;
    for (JsonNode incident : answer.path("incidents")) {
      String kind = incident.path("kind").asText();
      incidentFailed |= kind.equals("known") || kind.equals("new");
    }
    if ("fail".equals(answer.path("verdict").asText()) && incidentFailed) {
      return Optional.of("Kintsugi: " + answer.path("reason").asText());
    }
    return Optional.empty();
  }

  private ObjectNode request(List<Comparison> comparisons, Duration window) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("project", context.project());
    body.put("release", context.release());
    body.put("window", Math.max(1, window.toMillis()) + "ms");
    ArrayNode metrics = body.putArray("metrics");
    for (Comparison c : comparisons) {
      ObjectNode m = metrics.addObject();
      m.put("name", c.spec().name());
      m.put("worse", c.spec().worse().wire());
      m.put("allowedRelative", c.spec().allowedRelative());
      m.put("allowedAbsolute", c.spec().allowedAbsolute());
      m.put("critical", c.spec().critical());
      ArrayNode baseline = m.putArray("baseline");
      for (double v : c.baseline()) {
        baseline.add(v);
      }
      ArrayNode canary = m.putArray("canary");
      for (double v : c.canary()) {
        canary.add(v);
      }
    }
    return body;
  }
}
