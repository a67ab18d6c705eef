package dev.kintsugi.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.server.store.AuditStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads untrusted JSON (stored events, heal reports) for display: every value may be missing or of
 * the wrong type, every text is cut to a length a page can hold. Never throws on odd shapes.
 */
final class JsonText {
  private JsonText() {}

  /** A scalar field as text ("" when missing, null or a container), at most {@code max} chars. */
  static String text(JsonNode node, String field, int max) {
    return scalar(node == null ? null : node.get(field), max);
  }

  /** A scalar as text ("" when missing, null or a container), at most {@code max} chars. */
  static String scalar(JsonNode value, int max) {
    if (value == null || value.isNull() || value.isContainerNode() || value.isMissingNode()) {
      return "";
    }
    return cut(value.asText(), max);
  }

  /** Any value as compact text: a string as it is, anything else as JSON; at most {@code max}. */
  static String compact(JsonNode value, int max) {
    if (value == null || value.isMissingNode()) {
      return "";
    }
    return cut(value.isTextual() ? value.textValue() : value.toString(), max);
  }

  /** The strings of an array field (other items as compact text), the first {@code items} kept. */
  static List<String> texts(JsonNode node, String field, int items, int max) {
    JsonNode array = node == null ? null : node.get(field);
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode item : array) {
        if (out.size() >= items) {
          break;
        }
        out.add(compact(item, max));
      }
    }
    return out;
  }

  /** Whether a field is {@code true} (a JSON boolean; anything else is false). */
  static boolean flag(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isBoolean() && v.booleanValue();
  }

  /** A numeric field, or NaN when it is missing or not a number. */
  static double number(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isNumber() ? v.doubleValue() : Double.NaN;
  }

  static String cut(String text, int max) {
    return AuditStore.cut(text, max);
  }
}
