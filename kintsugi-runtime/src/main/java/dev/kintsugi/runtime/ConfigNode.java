package dev.kintsugi.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict reading of one configuration mapping of the runtime configuration: every field known,
 * every value of its type, errors naming the field's path ({@code scrape[0].interval}). Every
 * section of the runtime configuration (scrape targets, checks, runbooks, actions) reads through
 * it, so a duration, a text or a list is written the same way everywhere: a text is a string or a
 * number (read as written: {@code fallback: 0}), never blank nor a boolean (YAML 1.1 reads an
 * unquoted {@code off} as false); a duration is {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h},
 * {@code 7d} or ISO-8601 ({@code PT10M}).
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

  /**
   * {@code node} must be a mapping whose fields are all in {@code known}; {@code path} is its path
   * from the file's root.
   */
  public static ConfigNode of(JsonNode node, String path, List<String> known)
      throws RuntimeConfigException {
    if (node == null || !node.isObject()) {
      throw new RuntimeConfigException(path, "must be a mapping, was " + shown(node));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new RuntimeConfigException(
            child(path, name), "unknown field (expected one of: " + String.join(", ", known) + ")");
      }
    }
    return new ConfigNode(node, path);
  }

  /** The text of a configuration file of at most {@code maxBytes}; errors name the file. */
  public static String readFile(Path file, int maxBytes) throws RuntimeConfigException {
    try {
      if (Files.size(file) > maxBytes) {
        throw new RuntimeConfigException(file.toString(), "larger than " + maxBytes + " bytes");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuntimeConfigException(file.toString(), "cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * The tree of a configuration file's text read by {@code mapper} ({@code format}: YAML, JSON); an
   * error (field {@code (file)}) says where the text is not valid, or that it is empty.
   */
  public static JsonNode parseTree(ObjectMapper mapper, String text, String format)
      throws RuntimeConfigException {
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new RuntimeConfigException(
          "(file)", "is not valid " + format + where + ": " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new RuntimeConfigException("(file)", "is empty");
    }
    return root;
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

  /**
   * A list (absent: empty) of items whose names must be unique ({@code what}: target, check,
   * runbook).
   */
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

  /** A text (a string or a number, read as written) at {@code path}, not blank. */
  public static String text(JsonNode value, String path) throws RuntimeConfigException {
    if (value == null || !(value.isTextual() || value.isNumber()) || value.asText().isBlank()) {
      throw new RuntimeConfigException(path, "must be a non-empty string, was " + shown(value));
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** A list of texts at {@code path} (absent: empty). */
  public static List<String> texts(JsonNode value, String path) throws RuntimeConfigException {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = list(value, path);
    for (int i = 0; i < items.size(); i++) {
      out.add(text(items.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /** A list of at least one text at {@code path}. */
  public static List<String> nonEmptyTexts(JsonNode value, String path)
      throws RuntimeConfigException {
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw new RuntimeConfigException(
          path, "must be a non-empty list of strings, was " + shown(value));
    }
    return texts(value, path);
  }

  /** Which one of {@code fields} the mapping gives: exactly one must be given. */
  public String oneOf(List<String> fields) throws RuntimeConfigException {
    List<String> given = fields.stream().filter(this::has).toList();
    if (given.size() != 1) {
      throw new RuntimeConfigException(
          path,
          "needs exactly one of "
              + String.join(", ", fields)
              + (given.isEmpty() ? "" : " (has " + String.join(", ", given) + ")"));
    }
    return given.get(0);
  }

  /** The field's path, for errors. */
  public String path(String field) {
    return child(path, field);
  }

  public boolean has(String field) {
    return node.hasNonNull(field);
  }

  public JsonNode get(String field) {
    return node.get(field);
  }

  public Optional<String> optionalText(String field) throws RuntimeConfigException {
    return has(field) ? Optional.of(text(node.get(field), path(field))) : Optional.empty();
  }

  public String text(String field) throws RuntimeConfigException {
    return optionalText(field).orElseThrow(() -> required(field));
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

  /** A file system path. */
  public Optional<Path> optionalPath(String field) throws RuntimeConfigException {
    return optionalText(field).map(Path::of);
  }

  /** An absolute {@code http} or {@code https} URL. */
  public URI httpUrl(String field) throws RuntimeConfigException {
    return optionalHttpUrl(field).orElseThrow(() -> required(field));
  }

  /** An absolute {@code http} or {@code https} URL, if given. */
  public Optional<URI> optionalHttpUrl(String field) throws RuntimeConfigException {
    Optional<String> given = optionalText(field);
    if (given.isEmpty()) {
      return Optional.empty();
    }
    String value = given.get();
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new RuntimeConfigException(
            path(field), "must be an http:// or https:// URL with a host, was \"" + value + "\"");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new RuntimeConfigException(
          path(field), "is not a valid URL (" + e.getReason() + "): \"" + value + "\"");
    }
  }

  /** A duration longer than zero (see the class comment); absent: the default. */
  public Duration duration(String field, Duration fallback) throws RuntimeConfigException {
    Duration d = durationOrZero(field, fallback);
    if (d.isZero()) {
      throw new RuntimeConfigException(path(field), "must be longer than zero");
    }
    return d;
  }

  /** A duration that may be zero ({@code 0s}: none); absent: the default. */
  public Duration durationOrZero(String field, Duration fallback) throws RuntimeConfigException {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    String text = value.isTextual() ? value.asText().trim() : "";
    Matcher m = DURATION.matcher(text);
    Duration d;
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
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new RuntimeConfigException(
            path(field),
            "must be a duration such as 500ms, 5s, 2m, 1h, 7d or PT10M, was " + shown(value));
      }
    }
    if (d.isNegative()) {
      throw new RuntimeConfigException(path(field), "must not be negative, was " + shown(value));
    }
    return d;
  }

  /** A whole number in [min, max]; absent: the default. */
  public int integer(String field, int fallback, int min, int max) throws RuntimeConfigException {
    return optionalInteger(field, min, max).orElse(fallback);
  }

  /** A required whole number in [min, max]. */
  public int integer(String field, int min, int max) throws RuntimeConfigException {
    return optionalInteger(field, min, max).orElseThrow(() -> required(field));
  }

  /** A whole number in [min, max], if given. */
  public OptionalInt optionalInteger(String field, int min, int max) throws RuntimeConfigException {
    if (!has(field)) {
      return OptionalInt.empty();
    }
    JsonNode value = node.get(field);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new RuntimeConfigException(path(field), "must be a whole number, was " + shown(value));
    }
    int n = value.intValue();
    if (n < min || n > max) {
      throw outOfRange(field, min, max, n, max == Integer.MAX_VALUE);
    }
    return OptionalInt.of(n);
  }

  /** A number in [min, max]; absent: the default. */
  public double number(String field, double fallback, double min, double max)
      throws RuntimeConfigException {
    return has(field) ? number(field, min, max) : fallback;
  }

  /** A required number in [min, max]. */
  public double number(String field, double min, double max) throws RuntimeConfigException {
    if (!has(field)) {
      throw required(field);
    }
    JsonNode value = node.get(field);
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw new RuntimeConfigException(path(field), "must be a number, was " + shown(value));
    }
    double n = value.doubleValue();
    if (n < min || n > max) {
      throw outOfRange(field, min, max, n, false);
    }
    return n;
  }

  /** {@code true} or {@code false}; absent: the default. */
  public boolean bool(String field, boolean fallback) throws RuntimeConfigException {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (!value.isBoolean()) {
      throw new RuntimeConfigException(path(field), "must be true or false, was " + shown(value));
    }
    return value.booleanValue();
  }

  /** A list of texts; absent: empty. */
  public List<String> strings(String field) throws RuntimeConfigException {
    return texts(node.get(field), path(field));
  }

  /** A list of at least one text; required. */
  public List<String> nonEmptyStrings(String field) throws RuntimeConfigException {
    if (!has(field)) {
      throw required(field);
    }
    return nonEmptyTexts(node.get(field), path(field));
  }

  /** A mapping of names to texts; absent: empty. */
  public Map<String, String> textMap(String field) throws RuntimeConfigException {
    if (!has(field)) {
      return Map.of();
    }
    JsonNode value = node.get(field);
    if (!value.isObject()) {
      throw new RuntimeConfigException(path(field), "must be a mapping, was " + shown(value));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), text(e.getValue(), path(field) + "." + e.getKey()));
    }
    return out;
  }

  /** A value for an error message: quoted if a string, at most 60 characters. */
  public static String shown(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String text = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private RuntimeConfigException required(String field) {
    return new RuntimeConfigException(path(field), "is required");
  }

  private RuntimeConfigException outOfRange(
      String field, double min, double max, double n, boolean noMax) {
    return new RuntimeConfigException(
        path(field),
        (noMax
                ? "must be at least " + shown(min)
                : "must be between " + shown(min) + " and " + shown(max))
            + ", was "
            + shown(n));
  }

  private static String shown(double n) {
    return n == Math.rint(n) && Math.abs(n) < 1e15 ? Long.toString((long) n) : Double.toString(n);
  }

  private static String child(String path, String field) {
    return path + "." + field;
  }
}
