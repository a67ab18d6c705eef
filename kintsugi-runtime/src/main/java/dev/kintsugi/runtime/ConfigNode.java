package dev.kintsugi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict reading of one configuration mapping of the runtime configuration: every field known,
 * every value of its type, errors naming the field's path ({@code scrape[0].interval}). Every
 * section of the runtime configuration (scrape targets, checks, runbooks, actions) reads through
 * it, so a duration or a list is written the same way everywhere.
 */
public final class ConfigNode {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  private final JsonNode node;
  private final String path;

  private ConfigNode(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** {@code node} must be a mapping whose fields are all in {@code known}. */
  public static ConfigNode of(JsonNode node, String path, List<String> known)
      throws RuntimeConfigException {
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
    return new ConfigNode(node, path);
  }

  /** The items of a list (absent: empty), each with its path ({@code path[i]}). */
  public static List<JsonNode> list(JsonNode node, String path) throws RuntimeConfigException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new RuntimeConfigException(path, "must be a list, was " + shown(node));
    }
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  /** Reads one item of a list. */
  public interface ItemParser<T> {
    T parse(JsonNode node, String path) throws RuntimeConfigException;
  }

  /** A list (absent: empty) of items whose names must be unique ({@code what}: target, check). */
  public static <T> List<T> namedList(
      JsonNode node, String path, ItemParser<T> parser, Function<T, String> name, String what)
      throws RuntimeConfigException {
    List<T> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<JsonNode> items = list(node, path);
    for (int i = 0; i < items.size(); i++) {
      T item = parser.parse(items.get(i), path + "[" + i + "]");
      if (!names.add(name.apply(item))) {
        throw new RuntimeConfigException(
            path + "[" + i + "].name",
            "\"" + name.apply(item) + "\" is already a " + what + "'s name");
      }
      out.add(item);
    }
    return List.copyOf(out);
  }

  public String path(String field) {
    return path + "." + field;
  }

  public boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  public JsonNode get(String field) {
    return node.get(field);
  }

  public Optional<String> optionalText(String field) throws RuntimeConfigException {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new RuntimeConfigException(
          path(field), "must be a non-empty string, was " + shown(value));
    }
    return Optional.of(value.asText());
  }

  public String text(String field) throws RuntimeConfigException {
    return optionalText(field)
        .orElseThrow(() -> new RuntimeConfigException(path(field), "is required"));
  }

  /** A name: letters, digits, {@code _ . -}, at most 100 characters; used in series names. */
  public String name(String field) throws RuntimeConfigException {
    String value = text(field);
    if (!NAME.matcher(value).matches()) {
      throw new RuntimeConfigException(
          path(field),
          "must be a name of letters, digits, '_', '.', '-' (at most 100), was \"" + value + "\"");
    }
    return value;
  }

  /** An absolute {@code http} or {@code https} URL. */
  public URI httpUrl(String field) throws RuntimeConfigException {
    String value = text(field);
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new RuntimeConfigException(
            path(field), "must be an http:// or https:// URL with a host, was \"" + value + "\"");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new RuntimeConfigException(
          path(field), "is not a valid URL (" + e.getReason() + "): \"" + value + "\"");
    }
  }

  /**
   * A duration such as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d}; absent: the
   * default.
   */
  public Duration duration(String field, Duration fallback) throws RuntimeConfigException {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    Matcher m = DURATION.matcher(value.isTextual() ? value.asText().trim() : "");
    if (!m.matches()) {
      throw new RuntimeConfigException(
          path(field), "must be a duration such as 500ms, 5s, 2m, 1h or 7d, was " + shown(value));
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (d.isZero()) {
      throw new RuntimeConfigException(path(field), "must be longer than zero");
    }
    return d;
  }

  /** A whole number in [min, max]; absent: the default. */
  public int integer(String field, int fallback, int min, int max) throws RuntimeConfigException {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new RuntimeConfigException(path(field), "must be a whole number, was " + shown(value));
    }
    int n = value.intValue();
    if (n < min || n > max) {
      throw new RuntimeConfigException(
          path(field), "must be between " + min + " and " + max + ", was " + n);
    }
    return n;
  }

  /** A number in [min, max]; absent: the default. */
  public double number(String field, double fallback, double min, double max)
      throws RuntimeConfigException {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw new RuntimeConfigException(path(field), "must be a number, was " + shown(value));
    }
    double n = value.doubleValue();
    if (n < min || n > max) {
      throw new RuntimeConfigException(
          path(field), "must be between " + min + " and " + max + ", was " + n);
    }
    return n;
  }

  /** A list of non-empty strings; absent: empty. */
  public List<String> strings(String field) throws RuntimeConfigException {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = list(node.get(field), path(field));
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isTextual() || item.asText().isEmpty()) {
        throw new RuntimeConfigException(
            path(field) + "[" + i + "]", "must be a non-empty string, was " + shown(item));
      }
      out.add(item.asText());
    }
    return out;
  }

  public static String shown(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String text = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
