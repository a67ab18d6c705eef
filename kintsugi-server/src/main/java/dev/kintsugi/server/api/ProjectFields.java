package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.server.store.AutoHeal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of a project registration or update from a JSON body, each bad value a 400
 * naming the field and what is allowed (never a database error later). Limits follow the schema:
 * {@code name} VARCHAR(200), {@code in_app_prefixes} VARCHAR(2000) joined by commas.
 */
final class ProjectFields {

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
    if (!n.isTextual()) {
      throw new ApiError(400, "name is required: a string of 1-" + MAX_NAME + " characters");
    }
    String name = n.asText().strip();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new ApiError(400, "name must be 1-" + MAX_NAME + " characters, was " + name.length());
    }
    // Names reach logs and terminals: no control or invisible formatting characters.
    if (name.codePoints()
        .anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
      throw new ApiError(400, "name must not contain control or formatting characters");
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
      throw new ApiError(400, field + " must be a string");
    }
    return v.asText();
  }

  static List<String> inAppPrefixes(JsonNode body) {
    JsonNode p = body.path("inAppPrefixes");
    List<String> prefixes = new ArrayList<>();
    if (p.isMissingNode() || p.isNull()) {
      return prefixes;
    }
    if (!p.isArray()) {
      throw new ApiError(400, "inAppPrefixes must be an array of Java package names");
    }
    if (p.size() > MAX_PREFIXES) {
      throw new ApiError(
          400, "inAppPrefixes has " + p.size() + " entries, at most " + MAX_PREFIXES);
    }
    int chars = 0;
    for (JsonNode prefix : p) {
      String s = prefix.isTextual() ? prefix.asText().strip() : "";
      if (!PREFIX.matcher(s).matches()) {
        String shown = prefix.toString();
        throw new ApiError(
            400,
            "inAppPrefixes entries must be Java package names like com.acme; was "
                + (shown.length() > 100 ? shown.substring(0, 100) + "..." : shown));
      }
      chars += s.length() + 1;
      prefixes.add(s);
    }
    if (chars - 1 > MAX_PREFIXES_CHARS) {
      throw new ApiError(
          400,
          "inAppPrefixes are too long together (at most " + MAX_PREFIXES_CHARS + " characters)");
    }
    return prefixes;
  }

  static AutoHeal autoHeal(JsonNode body, AutoHeal fallback) {
    JsonNode mode = body.path("autoHeal");
    JsonNode threshold = body.path("healThreshold");
    if (!threshold.isMissingNode()
        && !(threshold.isIntegralNumber()
            && threshold.canConvertToInt()
            && threshold.asInt() >= 1
            && threshold.asInt() <= MAX_THRESHOLD)) {
      throw new ApiError(400, "healThreshold must be a whole number 1-" + MAX_THRESHOLD);
    }
    if (mode.isMissingNode() || mode.isNull()) {
      return fallback;
    }
    if (!mode.isTextual() || mode.asText().length() > 20) {
      throw new ApiError(400, "autoHeal must be one of off, new, threshold");
    }
    try {
      return AutoHeal.parse(mode.asText(), threshold.isMissingNode() ? 1 : threshold.asInt());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }
}
