package dev.kintsugi.core.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a policy file: YAML or JSON (a YAML parser reads both), in this shape:
 *
 * <pre>
 * version: 1
 * environment: production        # of fixes whose error names none (default production)
 * criticality: normal            # of projects that name none (default normal)
 * thresholds:                    # environment → criticality → thresholds; "*" matches any
 *   production:
 *     critical: { autoMerge: 0.97, requireApproval: 0.5, notifyOnly: 0.2 }
 *     "*":      { autoMerge: 0.9,  requireApproval: 0.4 }
 *   "*":
 *     "*":      { requireApproval: 0 }
 * limits: { fixesPerHour: 4, maxChangedLines: 10, maxChangedFiles: 2 }
 * protectedPaths: [ "src/main/java/com/acme/billing/**", "**&#47;security/**" ]
 * allowedRepairers: [ memory, pattern, template, llm ]
 * runtime:                       # environment → runtime actions runbooks may take ("*" any)
 *   production: { allowed: [ restart, flag, circuit ], requireApproval: [ kubernetes.undo ] }
 * </pre>
 *
 * <p>Strict: an unknown field, a value of the wrong type or out of range, thresholds out of order
 * ({@code autoMerge ≥ requireApproval ≥ notifyOnly}) are errors naming the field, so a typo never
 * silently loosens a policy.
 */
public final class PolicyFile {

  /** Where a repository keeps its policy, first found wins. */
  public static final List<String> LOCATIONS =
      List.of(".kintsugi/policy.yml", ".kintsugi/policy.yaml", ".kintsugi/policy.json");

  /** Larger files are refused: a policy is a screenful. */
  static final int MAX_BYTES = 64 * 1024;

  static final Set<String> REPAIRERS = Set.of("memory", "pattern", "template", "llm");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> TOP =
      List.of(
          "version",
          "environment",
          "criticality",
          "thresholds",
          "limits",
          "protectedPaths",
          "allowedRepairers",
          "runtime");
  private static final List<String> THRESHOLDS =
      List.of("autoMerge", "requireApproval", "notifyOnly");
  private static final List<String> RUNTIME = List.of("allowed", "requireApproval");
  private static final List<String> LIMITS =
      List.of("fixesPerHour", "maxChangedLines", "maxChangedFiles");

  private final String source;

  private PolicyFile(String source) {
    this.source = source;
  }

  /** Reads a policy file given by path. */
  public static Policy read(Path file) throws PolicyException {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new PolicyException(file + ": larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PolicyException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses a policy's text.
   *
   * @param source names the policy in errors and explanations ({@code .kintsugi/policy.yml at
   *     1a2b3c4d})
   */
  public static Policy parse(String text, String source) throws PolicyException {
    return new PolicyFile(source).parse(text);
  }

  private Policy parse(String text) throws PolicyException {
    if (text.length() > MAX_BYTES) {
      throw fail("larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw fail("is not valid YAML or JSON" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw fail("is empty");
    }
    object(root, "the policy", TOP);
    if (root.has("version")) {
      JsonNode version = root.get("version");
      if (!version.isInt() || version.asInt() != 1) {
        throw fail("version must be 1, was " + shown(version));
      }
    }
    String environment = name(root, "environment", Policy.DEFAULT_ENVIRONMENT);
    String criticality = name(root, "criticality", Policy.DEFAULT_CRITICALITY);
    Map<String, Map<String, Thresholds>> thresholds = new LinkedHashMap<>();
    if (root.has("thresholds")) {
      JsonNode byEnvironment = root.get("thresholds");
      object(byEnvironment, "thresholds", null);
      for (Iterator<Map.Entry<String, JsonNode>> envs = byEnvironment.fields(); envs.hasNext(); ) {
        Map.Entry<String, JsonNode> env = envs.next();
        String envPath = "thresholds." + env.getKey();
        object(env.getValue(), envPath, null);
        Map<String, Thresholds> byCriticality = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> crits = env.getValue().fields();
            crits.hasNext(); ) {
          Map.Entry<String, JsonNode> crit = crits.next();
          byCriticality.put(
              crit.getKey(), thresholds(crit.getValue(), envPath + "." + crit.getKey()));
        }
        thresholds.put(env.getKey(), byCriticality);
      }
    }
    PolicyLimits limits = PolicyLimits.NONE;
    if (root.has("limits")) {
      JsonNode l = root.get("limits");
      object(l, "limits", LIMITS);
      limits =
          new PolicyLimits(
              count(l, "limits.fixesPerHour", "fixesPerHour", 0),
              count(l, "limits.maxChangedLines", "maxChangedLines", 1),
              count(l, "limits.maxChangedFiles", "maxChangedFiles", 1));
    }
    List<String> protectedPaths = strings(root, "protectedPaths");
    for (int i = 0; i < protectedPaths.size(); i++) {
      try {
        java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + protectedPaths.get(i));
      } catch (IllegalArgumentException e) {
        throw fail(
            "protectedPaths["
                + i
                + "] is not a valid glob: \""
                + protectedPaths.get(i)
                + "\" ("
                + e.getMessage()
                + ")");
      }
    }
    Optional<List<String>> allowed = Optional.empty();
    if (root.has("allowedRepairers")) {
      List<String> names = strings(root, "allowedRepairers");
      for (int i = 0; i < names.size(); i++) {
        if (!REPAIRERS.contains(names.get(i))) {
          throw fail(
              "allowedRepairers["
                  + i
                  + "] must be one of memory, pattern, template, llm, was \""
                  + names.get(i)
                  + "\"");
        }
      }
      allowed = Optional.of(names);
    }
    return new Policy(
        source,
        environment,
        criticality,
        thresholds,
        limits,
        protectedPaths,
        allowed,
        runtime(root));
  }

  private RuntimePolicy runtime(JsonNode root) throws PolicyException {
    if (!root.has("runtime")) {
      return RuntimePolicy.NONE;
    }
    JsonNode byEnvironment = root.get("runtime");
    object(byEnvironment, "runtime", null);
    Map<String, RuntimePolicy.Rules> rules = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> envs = byEnvironment.fields(); envs.hasNext(); ) {
      Map.Entry<String, JsonNode> env = envs.next();
      String path = "runtime." + env.getKey();
      object(env.getValue(), path, RUNTIME);
      rules.put(
          env.getKey(),
          new RuntimePolicy.Rules(
              strings(env.getValue(), "allowed", path + ".allowed"),
              strings(env.getValue(), "requireApproval", path + ".requireApproval")));
    }
    return new RuntimePolicy(rules);
  }

  private Thresholds thresholds(JsonNode node, String path) throws PolicyException {
    object(node, path, THRESHOLDS);
    OptionalDouble autoMerge = fraction(node, path, "autoMerge");
    OptionalDouble approval = fraction(node, path, "requireApproval");
    OptionalDouble notify = fraction(node, path, "notifyOnly");
    order(autoMerge, approval, path, "autoMerge", "requireApproval");
    order(autoMerge, notify, path, "autoMerge", "notifyOnly");
    order(approval, notify, path, "requireApproval", "notifyOnly");
    return new Thresholds(autoMerge, approval, notify);
  }

  private void order(OptionalDouble high, OptionalDouble low, String path, String h, String l)
      throws PolicyException {
    if (high.isPresent() && low.isPresent() && high.getAsDouble() < low.getAsDouble()) {
      throw fail(
          path
              + "."
              + h
              + " ("
              + high.getAsDouble()
              + ") must not be below "
              + path
              + "."
              + l
              + " ("
              + low.getAsDouble()
              + ")");
    }
  }

  private OptionalDouble fraction(JsonNode parent, String path, String field)
      throws PolicyException {
    JsonNode value = parent.get(field);
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
      throw fail(path + "." + field + " must be a number in [0, 1], was " + shown(value));
    }
    return OptionalDouble.of(value.asDouble());
  }

  private OptionalInt count(JsonNode parent, String path, String field, int min)
      throws PolicyException {
    JsonNode value = parent.get(field);
    if (value == null) {
      return OptionalInt.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min) {
      throw fail(path + " must be a whole number ≥ " + min + ", was " + shown(value));
    }
    return OptionalInt.of(value.asInt());
  }

  private String name(JsonNode root, String field, String fallback) throws PolicyException {
    JsonNode value = root.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw fail(field + " must be a name such as " + fallback + ", was " + shown(value));
    }
    return value.asText().trim();
  }

  private List<String> strings(JsonNode root, String field) throws PolicyException {
    return strings(root, field, field);
  }

  private List<String> strings(JsonNode root, String field, String path) throws PolicyException {
    JsonNode value = root.get(field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw fail(path + " must be a list of strings, was " + shown(value));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isTextual() || item.asText().isBlank()) {
        throw fail(path + "[" + i + "] must be a non-empty string, was " + shown(item));
      }
      out.add(item.asText().trim());
    }
    return out;
  }

  /** {@code node} must be an object; with {@code known}, every field must be one of them. */
  private void object(JsonNode node, String path, List<String> known) throws PolicyException {
    if (!node.isObject()) {
      throw fail(path + " must be a mapping, was " + shown(node));
    }
    if (known == null) {
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        String prefix = path.equals("the policy") ? "" : path + ".";
        throw fail(
            "unknown field "
                + prefix
                + name
                + " (expected one of: "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  private static String shown(JsonNode value) {
    String text = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private PolicyException fail(String what) {
    return new PolicyException(source + ": " + what);
  }
}
