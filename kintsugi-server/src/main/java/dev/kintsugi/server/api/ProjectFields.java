package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.server.store.AutoHeal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of a project registration or update, from a JSON body (the REST API) or a form's
 * text (the dashboard), each bad value a {@link FieldError} naming the field and what is allowed
 * (never a database error later). Limits follow the schema: {@code name} VARCHAR(200), {@code
 * in_app_prefixes} VARCHAR(2000) joined by commas.
 */
public final class ProjectFields {
  static final Set<String> CREATE =
      Set.of("name", "repo", "inAppPrefixes", "autoHeal", "healThreshold");
  static final Set<String> UPDATE = Set.of("autoHeal", "healThreshold");

  static final int MAX_NAME = 200;
  static final int MAX_PREFIXES = 50;
  static final int MAX_PREFIXES_CHARS = 2000;
  static final int MAX_THRESHOLD = 1_000_000;

  /** A Java package or class name, or a prefix of one ending in a dot. */
  private static final Pattern PREFIX =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*\\.?");

  private ProjectFields() {}

  /** Refuses fields other than {@code allowed}: a misspelt field must not be silently ignored. */
  static void onlyKnown(JsonNode body, Set<String> allowed) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!allowed.contains(field)) {
        throw new ApiError(
            400,
            "unknown field '"
                + (field.length() > 50 ? field.substring(0, 50) + "..." : field)
                + "'; allowed: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  static String name(JsonNode body) {
    JsonNode n = body.path("name");
    return name(n.isTextual() ? n.asText() : null);
  }

  /**
   * A project's name: stripped, 1-200 characters, none of them control or formatting characters.
   *
   * @param raw as given; null when missing
   * @throws FieldError {@code name}
   */
  public static String name(String raw) {
    if (raw == null) {
      throw new FieldError("name", "name is required: a string of 1-" + MAX_NAME + " characters");
    }
    String name = raw.strip();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new FieldError(
          "name", "name must be 1-" + MAX_NAME + " characters, was " + name.length());
    }
    // Names reach logs and terminals: no control or invisible formatting characters.
    if (name.codePoints()
        .anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
      throw new FieldError("name", "name must not contain control or formatting characters");
    }
    return name;
  }

  /** The string value of an optional field; empty when missing or null. */
  static String optionalString(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new FieldError(field, field + " must be a string");
    }
    return v.asText();
  }

  static List<String> inAppPrefixes(JsonNode body) {
    JsonNode p = body.path("inAppPrefixes");
    if (p.isMissingNode() || p.isNull()) {
      return new ArrayList<>();
    }
    if (!p.isArray()) {
      throw new FieldError("inAppPrefixes", "inAppPrefixes must be an array of Java package names");
    }
    List<String> given = new ArrayList<>();
    for (JsonNode prefix : p) {
      if (!prefix.isTextual()) {
        throw badPrefix(prefix.toString());
      }
      given.add(prefix.asText());
    }
    return inAppPrefixes(given);
  }

  /**
   * In-app prefixes as a form gives them: Java package names separated by commas or whitespace.
   *
   * @throws FieldError {@code inAppPrefixes}
   */
  public static List<String> inAppPrefixes(String text) {
    return inAppPrefixes(Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList());
  }

  private static List<String> inAppPrefixes(List<String> given) {
    if (given.size() > MAX_PREFIXES) {
      throw new FieldError(
          "inAppPrefixes",
          "inAppPrefixes has " + given.size() + " entries, at most " + MAX_PREFIXES);
    }
    List<String> prefixes = new ArrayList<>();
    int chars = 0;
    for (String prefix : given) {
      String s = prefix.strip();
      if (!PREFIX.matcher(s).matches()) {
        throw badPrefix("\"" + prefix + "\"");
      }
      chars += s.length() + 1;
      prefixes.add(s);
    }
    if (chars - 1 > MAX_PREFIXES_CHARS) {
      throw new FieldError(
          "inAppPrefixes",
          "inAppPrefixes are too long together (at most " + MAX_PREFIXES_CHARS + " characters)");
    }
    return prefixes;
  }

  private static FieldError badPrefix(String shown) {
    return new FieldError(
        "inAppPrefixes",
        "inAppPrefixes entries must be Java package names like com.acme; was "
            + (shown.length() > 100 ? shown.substring(0, 100) + "..." : shown));
  }

  static AutoHeal autoHeal(JsonNode body, AutoHeal fallback) {
    JsonNode mode = body.path("autoHeal");
    JsonNode threshold = body.path("healThreshold");
    if (!threshold.isMissingNode()
        && !(threshold.isIntegralNumber() && threshold.canConvertToInt())) {
      throw badThreshold();
    }
    return autoHeal(
        mode.isMissingNode() || mode.isNull()
            ? Optional.empty()
            : Optional.of(mode.isTextual() ? mode.asText() : mode.toString()),
        threshold.isMissingNode() ? 1 : threshold.asInt(),
        fallback);
  }

  /**
   * When a project heals, as a form gives it: {@code off}, {@code new} or {@code threshold}, and
   * the threshold's number (blank: 1).
   *
   * @param fallback what a blank mode keeps, as a JSON body without {@code autoHeal} does
   * @throws FieldError {@code autoHeal} or {@code healThreshold}
   */
  public static AutoHeal autoHeal(String mode, String threshold, AutoHeal fallback) {
    int count = 1;
    if (threshold != null && !threshold.isBlank()) {
      try {
        count = Integer.parseInt(threshold.strip());
      } catch (NumberFormatException e) {
        throw badThreshold();
      }
    }
    return autoHeal(
        mode == null || mode.isBlank() ? Optional.empty() : Optional.of(mode.strip()),
        count,
        fallback);
  }

  private static AutoHeal autoHeal(Optional<String> mode, int threshold, AutoHeal fallback) {
    threshold(threshold);
    if (mode.isEmpty()) {
      return fallback;
    }
    if (mode.get().length() > 20) {
      throw new FieldError("autoHeal", "autoHeal must be one of off, new, threshold");
    }
    try {
      return AutoHeal.parse(mode.get(), threshold);
    } catch (IllegalArgumentException e) {
      throw new FieldError("autoHeal", e.getMessage());
    }
  }

  private static void threshold(int threshold) {
    if (threshold < 1 || threshold > MAX_THRESHOLD) {
      throw badThreshold();
    }
  }

  private static FieldError badThreshold() {
    return new FieldError(
        "healThreshold", "healThreshold must be a whole number 1-" + MAX_THRESHOLD);
  }
}
