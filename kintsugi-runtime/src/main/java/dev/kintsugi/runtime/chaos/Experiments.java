package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.kintsugi.runtime.ConfigFiles;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a chaos experiment in the Chaos Toolkit format, JSON or YAML (by the file's extension, else
 * by its first character), and checks all of it before anything runs: every error is a {@link
 * RuntimeConfigException} naming the field by its path ({@code method[1].provider.func}, {@code
 * steady-state-hypothesis.probes[0].tolerance}). Fields Chaos Toolkit ignores ({@code version},
 * {@code contributions}, other tools' {@code extensions}) are accepted; Python {@code controls} and
 * {@code background} activities are refused, as are Python modules other than Kintsugi's own.
 *
 * <p>Configuration values are resolved here ({@code {"type": "env", "key": ...}} from {@code env},
 * overridden by {@code vars}), so a missing token is an error of the file, not of the run.
 */
public final class Experiments {

  /** Larger files are refused: an experiment is a few screens. */
  static final int MAX_BYTES = 512 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final List<String> TOP =
      List.of(
          "version",
          "title",
          "description",
          "tags",
          "contributions",
          "configuration",
          "secrets",
          "steady-state-hypothesis",
          "method",
          "rollbacks",
          "extensions",
          "controls");
  private static final List<String> ACTIVITY =
      List.of(
          "type",
          "name",
          "provider",
          "pauses",
          "background",
          "tolerance",
          "secrets",
          "controls",
          "ref");
  private static final double MAX_PAUSE_SECONDS = 86_400;

  private Experiments() {}

  /**
   * Reads and checks an experiment file.
   *
   * @param vars {@code --var KEY=VALUE} overrides of configuration values
   * @param env the environment configuration values of type {@code env} are read from
   */
  public static Experiment read(Path file, Map<String, String> vars, Map<String, String> env)
      throws RuntimeConfigException {
    String text = ConfigFiles.text(file, MAX_BYTES);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean json =
        name.endsWith(".json")
            || (!name.endsWith(".yml") && !name.endsWith(".yaml") && text.strip().startsWith("{"));
    return parse(text, json, vars, env);
  }

  /** Reads and checks an experiment's text, JSON or YAML. */
  public static Experiment parse(
      String text, boolean json, Map<String, String> vars, Map<String, String> env)
      throws RuntimeConfigException {
    JsonNode root = ConfigFiles.tree(json ? JSON : YAML, text, json ? "JSON" : "YAML");
    return experiment(root, vars, env);
  }

  private static Experiment experiment(
      JsonNode root, Map<String, String> vars, Map<String, String> env)
      throws RuntimeConfigException {
    ConfigNode top = ConfigNode.of(root, "", TOP);
    String title = top.text("title");
    Optional<String> description = top.optionalText("description");
    List<String> tags = top.strings("tags");
    noControls(top.get("controls"), "controls");
    ExperimentSettings settings =
        ExperimentSettings.resolve(top.get("configuration"), top.get("secrets"), vars, env);
    Reader reader = new Reader(settings, env, named(root));
    Optional<Experiment.Hypothesis> hypothesis = Optional.empty();
    if (top.has("steady-state-hypothesis")) {
      ConfigNode h =
          ConfigNode.of(
              top.get("steady-state-hypothesis"),
              "steady-state-hypothesis",
              List.of("title", "probes", "controls"));
      noControls(h.get("controls"), h.path("controls"));
      List<Activity> probes = reader.activities(h.get("probes"), h.path("probes"), true);
      String hypothesisTitle = h.text("title");
      // As in Chaos Toolkit, a hypothesis without probes is none: the run only explores.
      hypothesis =
          probes.isEmpty()
              ? Optional.empty()
              : Optional.of(new Experiment.Hypothesis(hypothesisTitle, probes));
    }
    if (!top.has("method") || !top.get("method").isArray() || top.get("method").isEmpty()) {
      throw new RuntimeConfigException(
          "method",
          "is required: a non-empty list of activities, was "
              + ConfigNode.shown(top.get("method")));
    }
    List<Activity> method = reader.activities(top.get("method"), "method", false);
    List<Activity> rollbacks = reader.activities(top.get("rollbacks"), "rollbacks", false);
    KintsugiExtension kintsugi = new KintsugiExtension(Optional.empty(), Optional.empty());
    List<JsonNode> extensions = ConfigNode.list(top.get("extensions"), "extensions");
    boolean seen = false;
    for (int i = 0; i < extensions.size(); i++) {
      String path = "extensions[" + i + "]";
      JsonNode e = extensions.get(i);
      if (!e.isObject()) {
        throw new RuntimeConfigException(path, "must be a mapping with a name");
      }
      String name = ConfigNode.text(e.get("name"), path + ".name");
      if (name.equals(KintsugiExtension.NAME)) {
        if (seen) {
          throw new RuntimeConfigException(path + ".name", "there is already a kintsugi extension");
        }
        seen = true;
        kintsugi = KintsugiExtension.parse(e, path);
      }
    }
    return new Experiment(
        title, description, tags, hypothesis, method, rollbacks, kintsugi, settings, root);
  }

  /** The activities of the file by name, for {@code ref}s (the first of a name wins). */
  private static Map<String, JsonNode> named(JsonNode root) {
    Map<String, JsonNode> out = new HashMap<>();
    List<JsonNode> all = new ArrayList<>();
    root.path("steady-state-hypothesis").path("probes").forEach(all::add);
    root.path("method").forEach(all::add);
    root.path("rollbacks").forEach(all::add);
    for (JsonNode a : all) {
      if (a.isObject() && a.path("name").isTextual() && !a.has("ref")) {
        out.putIfAbsent(a.path("name").textValue(), a);
      }
    }
    return out;
  }

  private static void noControls(JsonNode controls, String path) throws RuntimeConfigException {
    if (controls != null && !controls.isNull() && !(controls.isArray() && controls.isEmpty())) {
      throw new RuntimeConfigException(
          path, "controls are Python extensions of Chaos Toolkit, which cannot run here");
    }
  }

  /** Reads activities with the experiment's settings. */
  private record Reader(
      ExperimentSettings settings, Map<String, String> env, Map<String, JsonNode> named) {

    List<Activity> activities(JsonNode list, String path, boolean hypothesis)
        throws RuntimeConfigException {
      List<Activity> out = new ArrayList<>();
      List<JsonNode> items = ConfigNode.list(list, path);
      for (int i = 0; i < items.size(); i++) {
        out.add(activity(items.get(i), path + "[" + i + "]", hypothesis));
      }
      return out;
    }

    Activity activity(JsonNode written, String path, boolean hypothesis)
        throws RuntimeConfigException {
      if (written != null && written.isObject() && written.has("ref")) {
        ConfigNode ref = ConfigNode.of(written, path, List.of("ref"));
        String name = ref.text("ref");
        JsonNode target = named.get(name);
        if (target == null) {
          throw new RuntimeConfigException(
              ref.path("ref"), "no activity is named \"" + name + "\"");
        }
        written = target;
      }
      JsonNode node = settings.substitution().apply(written);
      ConfigNode a = ConfigNode.of(node, path, ACTIVITY);
      String type = a.text("type");
      if (!type.equals(Activity.ACTION) && !type.equals(Activity.PROBE)) {
        throw new RuntimeConfigException(
            a.path("type"), "must be action or probe, was \"" + type + "\"");
      }
      String name = a.text("name");
      if (a.bool("background", false)) {
        throw new RuntimeConfigException(
            a.path("background"),
            "background activities are not supported: Kintsugi runs activities one after another");
      }
      noControls(a.get("controls"), a.path("controls"));
      Duration before = Duration.ZERO;
      Duration after = Duration.ZERO;
      if (a.has("pauses")) {
        ConfigNode p = ConfigNode.of(a.get("pauses"), a.path("pauses"), List.of("before", "after"));
        before = seconds(p.number("before", 0, 0, MAX_PAUSE_SECONDS));
        after = seconds(p.number("after", 0, 0, MAX_PAUSE_SECONDS));
      }
      Optional<Tolerance> tolerance =
          hypothesis || a.has("tolerance")
              ? Optional.of(Tolerance.parse(a.get("tolerance"), a.path("tolerance")))
              : Optional.empty();
      return new Activity(
          type,
          name,
          provider(a.get("provider"), a.path("provider")),
          before,
          after,
          tolerance,
          written);
    }

    private Provider provider(JsonNode node, String path) throws RuntimeConfigException {
      if (node == null || !node.isObject()) {
        throw new RuntimeConfigException(
            path, "is required: a mapping with a type (http, process, python)");
      }
      String type = ConfigNode.text(node.get("type"), path + ".type");
      return switch (type) {
        case "http" -> HttpProvider.parse(ConfigNode.of(node, path, HttpProvider.FIELDS));
        case "process" ->
            ProcessProvider.parse(ConfigNode.of(node, path, ProcessProvider.FIELDS), env);
        case "python" -> Builtins.parse(ConfigNode.of(node, path, Builtins.FIELDS), path, settings);
        default ->
            throw new RuntimeConfigException(
                path + ".type",
                "unknown provider type \"" + type + "\" (one of: http, process, python)");
      };
    }

    private static Duration seconds(double s) {
      return Duration.ofMillis(Math.round(s * 1000));
    }
  }
}
