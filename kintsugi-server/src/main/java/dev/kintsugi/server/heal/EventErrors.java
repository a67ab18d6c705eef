package dev.kintsugi.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a stored (scrubbed) Sentry event into the {@link ProductionError} that healing works from.
 * Tolerant like the ingest: missing parts become empty, never an exception, except for a payload
 * that is not JSON at all.
 */
final class EventErrors {

  private final ObjectMapper json;

  EventErrors(ObjectMapper json) {
    this.json = json;
  }

  ProductionError read(byte[] payload, List<String> inAppPrefixes) throws IOException {
    JsonNode event = json.readTree(payload);
    if (event == null || !event.isObject()) {
      throw new IOException("stored event is not a JSON object");
    }
    JsonNode exception = event.path("exception");
    JsonNode values = exception.isArray() ? exception : exception.path("values");
    List<CapturedException> exceptions = new ArrayList<>();
    if (values.isArray()) {
      for (JsonNode value : values) {
        exceptions.add(exception(value, inAppPrefixes));
      }
    }
    return new ProductionError(
        event.path("event_id").asText(""),
        exceptions,
        text(event, "release"),
        text(event, "environment"));
  }

  private static CapturedException exception(JsonNode value, List<String> inAppPrefixes) {
    String type = value.path("type").asText("");
    String module = value.path("module").asText("");
    // Sentry's Java SDK sends the simple name in "type" and the package in "module".
    if (!module.isEmpty() && !type.contains(".")) {
      type = module + "." + type;
    }
    List<CapturedFrame> frames = new ArrayList<>();
    for (JsonNode frame : value.path("stacktrace").path("frames")) {
      String className = frame.path("module").asText("");
      if (className.isEmpty()) {
        continue; // not a JVM frame: nothing to map to source
      }
      boolean inApp =
          inAppPrefixes.isEmpty()
              ? frame.path("in_app").asBoolean(false)
              : inAppPrefixes.stream().anyMatch(className::startsWith);
      frames.add(
          new CapturedFrame(
              className,
              frame.path("function").asText(""),
              frame.path("filename").asText(""),
              frame.path("lineno").asInt(0),
              inApp,
              vars(frame.path("vars"))));
    }
    return new CapturedException(
        type.isEmpty() ? "java.lang.Throwable" : type, value.path("value").asText(""), frames);
  }

  private static Map<String, Object> vars(JsonNode vars) {
    if (!vars.isObject()) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = vars.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }

  /** JSON → plain Java values (null, Boolean, Number, String, List, Map). */
  private static Object value(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(value(n)));
      return list;
    }
    if (node.isObject()) {
      return vars(node);
    }
    return node.asText();
  }

  private static Optional<String> text(JsonNode event, String field) {
    JsonNode v = event.path(field);
    return v.isTextual() && !v.textValue().isBlank()
        ? Optional.of(v.textValue())
        : Optional.empty();
  }
}
