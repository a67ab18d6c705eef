package dev.kintsugi.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link AuditEntry} as one JSON object, the form of a JSON-lines trail, of the server's export
 * and of its REST API: {@code {"seq", "at" (ISO-8601, UTC), "project", "incident", "healRun" (null
 * when absent), "action", "actor", "detail" (an object of strings, in the recorded order),
 * "prevHash", "hash"}}. The hash is over the canonical form ({@link AuditChain}), not this text, so
 * re-indenting a line does not break the chain; changing a value does.
 */
public final class AuditJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditJson() {}

  /** The entry's fields in their fixed order (for a JSON writer). */
  public static Map<String, Object> fields(AuditEntry e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", e.seq());
    out.put("at", e.at().toString());
    out.put("project", e.project());
    out.put("incident", e.incident());
    out.put("healRun", e.healRun());
    out.put("action", e.action());
    out.put("actor", e.actor());
    out.put("detail", e.detail());
    out.put("prevHash", e.prevHash());
    out.put("hash", e.hash());
    return out;
  }

  /** The entry as one line of JSON (no line break: JSON escapes those inside strings). */
  public static String line(AuditEntry e) {
    try {
      return JSON.writeValueAsString(fields(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("an audit entry is always JSON", ex);
    }
  }

  /**
   * Reads one line written by {@link #line}.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static AuditEntry parse(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode detail = node.get("detail");
    if (detail == null || !detail.isObject()) {
      throw new IllegalArgumentException("detail must be an object of strings");
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = detail.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pair = it.next();
      if (!pair.getValue().isTextual()) {
        throw new IllegalArgumentException("detail must be an object of strings");
      }
      pairs.put(pair.getKey(), pair.getValue().asText());
    }
    Instant at;
    try {
      at = Instant.parse(text(node, "at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("at must be an ISO-8601 instant");
    }
    JsonNode seq = node.get("seq");
    if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber()) {
      throw new IllegalArgumentException("seq must be a whole number");
    }
    return new AuditEntry(
        seq.longValue(),
        at,
        id(node, "project"),
        id(node, "incident"),
        id(node, "healRun"),
        text(node, "action"),
        text(node, "actor"),
        pairs,
        text(node, "prevHash"),
        text(node, "hash"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }

  private static Long id(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be a whole number or null");
    }
    return value.longValue();
  }
}
