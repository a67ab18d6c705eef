package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.KintsugiClient;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code inject_latency}, {@code inject_errors} and {@code remove_fault}: the Kintsugi server's
 * agent faults ({@code PUT} / {@code DELETE /api/v1/projects/{id}/faults/{method}}), always sent
 * with the experiment's title, so a fault is never on without an experiment that owns it; its TTL
 * ({@code duration}) switches it off even when the rollback never runs.
 *
 * @param fault the fault's fields without {@code experiment}; empty to remove the fault
 */
record AgentFault(String project, String method, Optional<ObjectNode> fault) implements Provider {

  /** {@code com.acme.Pricing#quote}: a class, {@code #}, a method. */
  private static final Pattern METHOD =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*#[\\p{L}_$<][\\p{L}\\p{N}_$>]*");

  private static final Pattern CLASS = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*");

  static AgentFault latency(JsonNode arguments, String path, Builtins.Call call)
      throws RuntimeConfigException {
    call.needsServer();
    ConfigNode a =
        ConfigNode.of(
            arguments, path, List.of("project", "method", "latency_ms", "probability", "duration"));
    ObjectNode fault = JsonNodeFactory.instance.objectNode();
    fault.put("kind", "latency");
    fault.put("latencyMs", a.integer("latency_ms", 1, 600_000));
    common(a, fault);
    return new AgentFault(a.text("project"), method(a), Optional.of(fault));
  }

  static AgentFault errors(JsonNode arguments, String path, Builtins.Call call)
      throws RuntimeConfigException {
    call.needsServer();
    ConfigNode a =
        ConfigNode.of(
            arguments,
            path,
            List.of("project", "method", "exception", "message", "probability", "duration"));
    String exception = a.optionalText("exception").orElse("java.lang.IllegalStateException");
    if (!CLASS.matcher(exception).matches()) {
      throw new RuntimeConfigException(
          a.path("exception"), "must be a class name such as java.lang.IllegalStateException");
    }
    ObjectNode fault = JsonNodeFactory.instance.objectNode();
    fault.put("kind", "error");
    fault.put("exception", exception);
    fault.put("message", a.optionalText("message").orElse("chaos"));
    common(a, fault);
    return new AgentFault(a.text("project"), method(a), Optional.of(fault));
  }

  static AgentFault remove(JsonNode arguments, String path, Builtins.Call call)
      throws RuntimeConfigException {
    call.needsServer();
    ConfigNode a = ConfigNode.of(arguments, path, List.of("project", "method"));
    return new AgentFault(a.text("project"), method(a), Optional.empty());
  }

  private static void common(ConfigNode a, ObjectNode fault) throws RuntimeConfigException {
    double probability = a.number("probability", 1, 0, 1);
    if (probability <= 0) {
      throw new RuntimeConfigException(a.path("probability"), "must be above 0");
    }
    fault.put("probability", probability);
    Duration ttl = a.duration("duration", Duration.ofMinutes(5));
    fault.put("ttlSeconds", Math.max(1, ttl.toSeconds()));
  }

  private static String method(ConfigNode a) throws RuntimeConfigException {
    String method = a.text("method");
    if (!METHOD.matcher(method).matches()) {
      throw new RuntimeConfigException(
          a.path("method"),
          "must be Class#method such as com.acme.Pricing#quote, was \"" + method + "\"");
    }
    return method;
  }

  @Override
  public JsonNode call(RunContext context) throws ActivityFailed, InterruptedException {
    KintsugiClient server = context.server();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("project", project);
    out.put("method", method);
    try {
      if (fault.isPresent()) {
        ObjectNode body = fault.get().deepCopy();
        body.put("experiment", context.experiment());
        server.putFault(project, method, body);
        out.setAll(body);
      } else {
        out.put("removed", server.deleteFault(project, method));
      }
    } catch (IOException e) {
      throw new ActivityFailed(e.getMessage(), e);
    }
    return out;
  }
}
