package dev.kintsugi.runtime.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds actions from a runbook's {@code do} entries (the shapes are in this package's
 * documentation). Strict: an unknown kind or field, a value of the wrong type, a bad duration or
 * URL, a command not in the allow-list are {@link RuntimeConfigException}s naming the field.
 */
public final class Actions {

  /** The kinds of action, as runbooks and policies name them. */
  public static final List<String> KINDS =
      List.of(
          "restart",
          "systemd",
          "http",
          "command",
          "kubernetes.scale",
          "kubernetes.restart",
          "kubernetes.undo",
          "flag",
          "circuit");

  private static final Pattern STATUS_RANGE = Pattern.compile("(\\d{3})(?:-(\\d{3}))?|([1-5])xx");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private Actions() {}

  /**
   * Reads one action.
   *
   * @param node a mapping with one field, the action's kind ({@code {http: {...}}})
   * @param path the node's path from the file's root ({@code runbooks[0].do[1]}), for errors
   * @throws RuntimeConfigException naming the bad field
   */
  public static RuntimeAction parse(JsonNode node, String path, ActionSettings settings)
      throws RuntimeConfigException {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw new RuntimeConfigException(
          path,
          "must be a mapping with one action ("
              + String.join(", ", KINDS)
              + "), was "
              + ConfigNode.shown(node));
    }
    String kind = node.fieldNames().next();
    JsonNode body = node.get(kind);
    String at = path + "." + kind;
    return switch (kind) {
      case "restart" -> restart(body, at, settings);
      case "systemd" -> systemd(body, at, settings);
      case "http" -> http(body, at, settings);
      case "command" -> command(body, at, settings);
      case "kubernetes.scale" -> {
        ConfigNode f = ConfigNode.of(body, at, withTarget("replicas"));
        yield new KubernetesScale(target(f, settings), f.integer("replicas", 0, 10_000));
      }
      case "kubernetes.restart" ->
          new KubernetesRestart(target(ConfigNode.of(body, at, withTarget()), settings));
      case "kubernetes.undo" -> {
        ConfigNode f = ConfigNode.of(body, at, withTarget());
        KubernetesTarget target = target(f, settings);
        if (target.statefulSet()) {
          throw new RuntimeConfigException(
              f.path("statefulset"), "rollout undo is for deployments only");
        }
        yield new KubernetesUndo(target);
      }
      case "flag" -> flag(body, at, settings);
      case "circuit" -> circuit(body, at, settings);
      default ->
          throw new RuntimeConfigException(
              at, "unknown action (expected one of: " + String.join(", ", KINDS) + ")");
    };
  }

  private static RuntimeAction restart(JsonNode body, String at, ActionSettings settings)
      throws RuntimeConfigException {
    ConfigNode f =
        ConfigNode.of(
            body,
            at,
            List.of(
                "pidFile",
                "pid",
                "command",
                "workingDir",
                "env",
                "log",
                "grace",
                "readyUrl",
                "readyTimeout",
                "aliveFor"));
    Optional<Path> pidFile = f.optionalPath("pidFile");
    OptionalInt pid = f.optionalInteger("pid", 2, Integer.MAX_VALUE);
    if (pidFile.isPresent() == pid.isPresent()) {
      throw new RuntimeConfigException(f.path("pidFile"), "give either pidFile or pid");
    }
    return new RestartAction(
        new RestartAction.Spec(
            pidFile,
            pid.isPresent() ? OptionalLong.of(pid.getAsInt()) : OptionalLong.empty(),
            f.nonEmptyStrings("command"),
            f.optionalPath("workingDir"),
            f.textMap("env"),
            f.optionalPath("log"),
            f.duration("grace", Duration.ofSeconds(10)),
            f.optionalHttpUrl("readyUrl"),
            f.duration("readyTimeout", Duration.ofSeconds(60)),
            f.duration("aliveFor", Duration.ofSeconds(2))),
        settings.env(),
        settings.clock());
  }

  private static RuntimeAction systemd(JsonNode body, String at, ActionSettings settings)
      throws RuntimeConfigException {
    ConfigNode f = ConfigNode.of(body, at, List.of("unit", "user", "timeout"));
    String unit = f.text("unit");
    if (!SystemdAction.UNIT.matcher(unit).matches() || unit.startsWith("-")) {
      throw new RuntimeConfigException(
          f.path("unit"),
          "must be a unit name like shop.service (.service, .socket or .target), was \""
              + unit
              + "\"");
    }
    return new SystemdAction(
        unit, f.bool("user", false), settings.env(), f.duration("timeout", Duration.ofSeconds(60)));
  }

  private static RuntimeAction http(JsonNode body, String at, ActionSettings settings)
      throws RuntimeConfigException {
    ConfigNode f =
        ConfigNode.of(body, at, List.of("method", "url", "headers", "body", "timeout", "expect"));
    String method = f.optionalText("method").orElse("POST").toUpperCase(java.util.Locale.ROOT);
    if (!HttpAction.METHODS.contains(method)) {
      throw new RuntimeConfigException(
          f.path("method"),
          "must be one of " + String.join(", ", HttpAction.METHODS) + ", was \"" + method + "\"");
    }
    URI url = f.httpUrl("url");
    Map<String, String> headers = f.textMap("headers");
    for (String name : headers.keySet()) {
      try {
        if (!HEADER_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException();
        }
        HttpRequest.newBuilder(url)
            .header(name, "x"); // the JDK refuses a few (Host, Content-Length)
      } catch (IllegalArgumentException e) {
        throw new RuntimeConfigException(
            f.path("headers") + "." + name, "is not a header that can be set");
      }
    }
    int[] range = statusRange(body.get("expect"), f.path("expect"));
    return new HttpAction(
        new HttpAction.Spec(
            method,
            url,
            headers,
            f.optionalText("body"),
            f.duration("timeout", Duration.ofSeconds(10)),
            range[0],
            range[1]),
        settings.env());
  }

  /** {@code 204}, {@code "200-299"} or {@code "2xx"}; 200-299 when absent. */
  private static int[] statusRange(JsonNode value, String path) throws RuntimeConfigException {
    if (value == null || value.isNull()) {
      return new int[] {200, 299};
    }
    Matcher m = STATUS_RANGE.matcher(value.isValueNode() ? value.asText().trim() : "");
    if (m.matches()) {
      int[] range =
          m.group(3) != null
              ? new int[] {
                Integer.parseInt(m.group(3)) * 100, Integer.parseInt(m.group(3)) * 100 + 99
              }
              : new int[] {
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(1))
              };
      if (range[0] >= 100 && range[1] <= 599 && range[0] <= range[1]) {
        return range;
      }
    }
    throw new RuntimeConfigException(
        path,
        "must be a status (204), a range (\"200-299\") or a class (\"2xx\"), was "
            + ConfigNode.shown(value));
  }

  private static RuntimeAction command(JsonNode body, String at, ActionSettings settings)
      throws RuntimeConfigException {
    List<String> argv;
    String argvPath;
    ConfigNode f = null;
    if (body != null && body.isArray()) {
      argv = ConfigNode.nonEmptyTexts(body, at);
      argvPath = at;
    } else {
      f = ConfigNode.of(body, at, List.of("argv", "workingDir", "env", "timeout"));
      argv = f.nonEmptyStrings("argv");
      argvPath = f.path("argv");
    }
    Path executable =
        Executables.resolve(argv.get(0), settings.env())
            .orElseThrow(
                () ->
                    new RuntimeConfigException(
                        argvPath + "[0]",
                        "no executable \""
                            + argv.get(0)
                            + "\" (an absolute path or a name on PATH)"));
    if (!allowed(settings).contains(executable)) {
      throw new RuntimeConfigException(
          argvPath + "[0]", "\"" + argv.get(0) + "\" is not among the allowed commands");
    }
    return new CommandAction(
        executable,
        argv.subList(1, argv.size()),
        f == null ? Optional.empty() : f.optionalPath("workingDir"),
        CommandAction.environment(settings.env(), f == null ? Map.of() : f.textMap("env")),
        f == null ? Duration.ofSeconds(60) : f.duration("timeout", Duration.ofSeconds(60)));
  }

  /** The allow-list's programs, resolved as commands are: real paths. */
  private static Set<Path> allowed(ActionSettings settings) {
    Set<Path> allowed = new HashSet<>();
    for (String name : settings.allowedCommands()) {
      Executables.resolve(name, settings.env()).ifPresent(allowed::add);
    }
    return allowed;
  }

  private static List<String> withTarget(String... more) {
    List<String> known =
        new ArrayList<>(List.of("deployment", "statefulset", "namespace", "context", "kubeconfig"));
    known.addAll(List.of(more));
    return known;
  }

  private static KubernetesTarget target(ConfigNode f, ActionSettings settings)
      throws RuntimeConfigException {
    Optional<String> deployment = f.optionalText("deployment");
    Optional<String> statefulSet = f.optionalText("statefulset");
    if (deployment.isPresent() == statefulSet.isPresent()) {
      throw new RuntimeConfigException(
          f.path("deployment"), "give either deployment or statefulset");
    }
    return new KubernetesTarget(
        statefulSet.isPresent(),
        deployment.orElseGet(statefulSet::get),
        f.optionalText("namespace").orElse("default"),
        f.optionalPath("kubeconfig"),
        f.optionalText("context"),
        settings.kubernetes());
  }

  private static RuntimeAction flag(JsonNode body, String at, ActionSettings settings)
      throws RuntimeConfigException {
    ConfigNode f =
        ConfigNode.of(
            body, at, List.of("file", "flag", "variant", "state", "flagdUrl", "confirmTimeout"));
    for (String field : List.of("variant", "state")) {
      if (body.path(field)
          .isBoolean()) { // YAML 1.1 reads an unquoted off, on, yes, no as a boolean
        throw new RuntimeConfigException(
            f.path(field),
            "was read as the boolean " + body.get(field) + ": quote the name ('off')");
      }
    }
    Optional<String> variant = f.optionalText("variant");
    Optional<String> state = f.optionalText("state");
    if (state.isPresent() && !List.of("ENABLED", "DISABLED").contains(state.get())) {
      throw new RuntimeConfigException(
          f.path("state"), "must be ENABLED or DISABLED, was \"" + state.get() + "\"");
    }
    if (variant.isEmpty() && state.isEmpty()) {
      throw new RuntimeConfigException(f.path("variant"), "give a variant, a state or both");
    }
    return new FlagAction(
        new FlagAction.Spec(
            Path.of(f.text("file")),
            f.text("flag"),
            variant,
            state,
            f.optionalHttpUrl("flagdUrl"),
            f.duration("confirmTimeout", Duration.ofSeconds(10))),
        settings.clock());
  }

  private static RuntimeAction circuit(JsonNode body, String at, ActionSettings settings)
      throws RuntimeConfigException {
    ConfigNode f = ConfigNode.of(body, at, List.of("method", "fallback", "ttl", "project"));
    String method = f.text("method");
    if (!CircuitAction.METHOD.matcher(method).matches()) {
      throw new RuntimeConfigException(
          f.path("method"),
          "must be Class#method (com.acme.Pricing#quote), was \"" + method + "\"");
    }
    return new CircuitAction(
        settings.circuits(),
        f.optionalText("project").orElse(settings.defaultProject()),
        method,
        f.optionalText("fallback"),
        f.duration("ttl", Duration.ofMinutes(10)));
  }
}
