package dev.kintsugi.runtime.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict reading of configuration nodes: every error names the field's path. */
final class Fields {
  private Fields() {}

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /** {@code node} must be a mapping whose fields are all among {@code known}. */
  static void object(JsonNode node, String path, List<String> known) throws RuntimeConfigException {
    if (node == null || !node.isObject()) {
      throw new RuntimeConfigException(path, "must be a mapping, was " + shown(node));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new RuntimeConfigException(
            path + "." + name, "unknown field (expected one of: " + String.join(", ", known) + ")");
      }
    }
  }

  /** A required non-blank string. */
  static String text(JsonNode parent, String field, String path) throws RuntimeConfigException {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw new RuntimeConfigException(path + "." + field, "is missing");
    }
    return text(value, path + "." + field);
  }

  static String text(JsonNode value, String path) throws RuntimeConfigException {
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new RuntimeConfigException(path, "must be a non-empty string, was " + shown(value));
    }
    return value.asText().trim();
  }

  static Optional<String> optionalText(JsonNode parent, String field, String path)
      throws RuntimeConfigException {
    return parent.has(field) ? Optional.of(text(parent, field, path)) : Optional.empty();
  }

  /** A whole number ≥ {@code min}, or {@code fallback} when absent. */
  static int count(JsonNode parent, String field, String path, int min, int fallback)
      throws RuntimeConfigException {
    JsonNode value = parent.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min) {
      throw new RuntimeConfigException(
          path + "." + field, "must be a whole number ≥ " + min + ", was " + shown(value));
    }
    return value.asInt();
  }

  /** A number in [0, 1]. */
  static double fraction(JsonNode parent, String field, String path) throws RuntimeConfigException {
    JsonNode value = parent.get(field);
    if (value == null) {
      throw new RuntimeConfigException(path + "." + field, "is missing");
    }
    if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
      throw new RuntimeConfigException(
          path + "." + field, "must be a number in [0, 1], was " + shown(value));
    }
    return value.asDouble();
  }

  static boolean bool(JsonNode parent, String field, String path, boolean fallback)
      throws RuntimeConfigException {
    JsonNode value = parent.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new RuntimeConfigException(
          path + "." + field, "must be true or false, was " + shown(value));
    }
    return value.asBoolean();
  }

  /**
   * A duration written {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}, at least {@code min},
   * or {@code fallback} when absent.
   */
  static Duration duration(
      JsonNode parent, String field, String path, Duration min, Duration fallback)
      throws RuntimeConfigException {
    JsonNode value = parent.get(field);
    if (value == null) {
      return fallback;
    }
    Matcher m = value.isTextual() ? DURATION.matcher(value.asText().trim()) : null;
    if (m == null || !m.matches()) {
      throw new RuntimeConfigException(
          path + "." + field,
          "must be a duration such as 500ms, 30s, 5m or 1h, was " + shown(value));
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.compareTo(min) < 0) {
      throw new RuntimeConfigException(
          path + "." + field, "must be at least " + min + ", was " + value.asText());
    }
    return d;
  }

  static String shown(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String text = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
