package dev.kintsugi.runtime.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One action's mapping, read strictly: every field must be known, every value of its type, and
 * errors name the field's path from the file's root ({@code runbooks[0].do[1].http.timeout}).
 */
final class Fields {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final JsonNode node;
  private final String path;

  private Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** {@code node} as a mapping whose fields are all among {@code known}. */
  static Fields of(JsonNode node, String path, Set<String> known) throws RuntimeConfigException {
    if (node == null || !node.isObject()) {
      throw new RuntimeConfigException(path, "must be a mapping, was " + shown(node));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new RuntimeConfigException(
            path + "." + name,
            "unknown field (expected one of: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
    return new Fields(node, path);
  }

  String path(String field) {
    return path + "." + field;
  }

  boolean has(String field) {
    return node.hasNonNull(field);
  }

  String text(String field) throws RuntimeConfigException {
    return optionalText(field)
        .orElseThrow(() -> new RuntimeConfigException(path(field), "is required"));
  }

  Optional<String> optionalText(String field) throws RuntimeConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(scalarText(value, path(field)));
  }

  int integer(String field, int min, int max) throws RuntimeConfigException {
    return optionalInteger(field, min, max)
        .orElseThrow(() -> new RuntimeConfigException(path(field), "is required"));
  }

  OptionalInt optionalInteger(String field, int min, int max) throws RuntimeConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return OptionalInt.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new RuntimeConfigException(path(field), "must be a whole number, was " + shown(value));
    }
    int n = value.intValue();
    if (n < min || n > max) {
      throw new RuntimeConfigException(
          path(field), "must be between " + min + " and " + max + ", was " + n);
    }
    return OptionalInt.of(n);
  }

  boolean bool(String field, boolean orElse) throws RuntimeConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return orElse;
    }
    if (!value.isBoolean()) {
      throw new RuntimeConfigException(path(field), "must be true or false, was " + shown(value));
    }
    return value.booleanValue();
  }

  /** An absolute http or https URL. */
  Optional<URI> optionalUrl(String field) throws RuntimeConfigException {
    Optional<String> text = optionalText(field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.get());
      if (uri.isAbsolute()
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // said below
    }
    throw new RuntimeConfigException(
        path(field), "must be an http or https URL, was \"" + text.get() + "\"");
  }

  Duration duration(String field, Duration orElse) throws RuntimeConfigException {
    Optional<String> text = optionalText(field);
    return text.isEmpty() ? orElse : duration(text.get(), path(field));
  }

  Optional<Path> optionalPath(String field) throws RuntimeConfigException {
    return optionalText(field).map(Path::of);
  }

  /** A list of non-empty strings; empty when absent. */
  List<String> texts(String field) throws RuntimeConfigException {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? List.of() : texts(value, path(field));
  }

  /** A mapping of strings to scalars (read as text); empty when absent. */
  Map<String, String> textMap(String field) throws RuntimeConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new RuntimeConfigException(path(field), "must be a mapping, was " + shown(value));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), scalarText(e.getValue(), path(field) + "." + e.getKey()));
    }
    return out;
  }

  static List<String> texts(JsonNode value, String path) throws RuntimeConfigException {
    if (!value.isArray() || value.isEmpty()) {
      throw new RuntimeConfigException(
          path, "must be a non-empty list of strings, was " + shown(value));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      out.add(scalarText(value.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /**
   * A duration: a whole number with a unit ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h},
   * {@code 1d}) or ISO-8601 ({@code PT10M}); positive.
   */
  static Duration duration(String text, String path) throws RuntimeConfigException {
    Duration d;
    Matcher m = DURATION.matcher(text.trim());
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } else {
        d = Duration.parse(text.trim());
      }
    } catch (RuntimeException e) {
      throw new RuntimeConfigException(
          path, "must be a duration like 500ms, 30s, 10m, 2h or PT10M, was \"" + text + "\"");
    }
    if (d.isNegative() || d.isZero()) {
      throw new RuntimeConfigException(path, "must be positive, was \"" + text + "\"");
    }
    return d;
  }

  private static String scalarText(JsonNode value, String path) throws RuntimeConfigException {
    if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
      throw new RuntimeConfigException(path, "must be a non-empty string, was " + shown(value));
    }
    return value.asText();
  }

  static String shown(JsonNode value) {
    if (value == null) {
      return "nothing";
    }
    String text = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
