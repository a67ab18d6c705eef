package dev.kintsugi.runtime.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.action.RuntimeAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code runbooks:} list of the runtime configuration (the shape is in the package
 * comment). Strict: an unknown field, a missing {@code when} or {@code do}, a bad duration or count
 * is a {@link RuntimeConfigException} naming the field's path.
 *
 * <p>Stable API.
 */
public final class Runbooks {
  private Runbooks() {}

  private static final List<String> RUNBOOK =
      List.of("name", "project", "environment", "when", "do", "verify", "else", "guards");
  private static final List<String> WHEN =
      List.of("health", "failing", "anomaly", "score", "alert", "incident");
  private static final List<String> INCIDENT = List.of("exception", "fingerprint");
  private static final List<String> VERIFY = List.of("within", "every");
  private static final List<String> GUARDS =
      List.of("dryRun", "cooldown", "maxAttemptsPerHour", "approval");
  private static final List<String> ELSE = List.of("undo", "escalate");

  /** The environment of runbooks that name none. */
  public static final String DEFAULT_ENVIRONMENT = "production";

  /**
   * Reads the runbooks.
   *
   * @param node the {@code runbooks} list (null or absent: none)
   * @param path its path from the file's root ({@code runbooks})
   * @param actions builds each {@code do} action
   */
  public static List<Runbook> parse(JsonNode node, String path, ActionParser actions)
      throws RuntimeConfigException {
    return ConfigNode.namedList(
        node, path, (item, at) -> runbook(item, at, actions), Runbook::name, "runbook");
  }

  private static Runbook runbook(JsonNode node, String path, ActionParser actions)
      throws RuntimeConfigException {
    ConfigNode n = ConfigNode.of(node, path, RUNBOOK);
    String name = n.text("name");
    String project = n.text("project");
    String environment = n.optionalText("environment").orElse(DEFAULT_ENVIRONMENT);
    if (!n.has("when")) {
      throw new RuntimeConfigException(n.path("when"), "is required");
    }
    Trigger when = when(n.get("when"), n.path("when"));
    List<Runbook.Step> steps = steps(n.get("do"), n.path("do"), actions);
    Runbook.Verify verify = Runbook.Verify.DEFAULT;
    if (n.has("verify")) {
      ConfigNode v = ConfigNode.of(n.get("verify"), n.path("verify"), VERIFY);
      verify =
          new Runbook.Verify(
              v.duration("within", verify.within()), v.duration("every", verify.every()));
    }
    List<String> otherwise = otherwise(n.get("else"), n.path("else"));
    return new Runbook(
        name,
        project,
        environment,
        when,
        steps,
        verify,
        otherwise.contains("undo"),
        otherwise.contains("escalate"),
        guards(n.get("guards"), n.path("guards")));
  }

  private static Trigger when(JsonNode node, String path) throws RuntimeConfigException {
    ConfigNode n = ConfigNode.of(node, path, WHEN);
    String kind = n.oneOf(List.of("health", "anomaly", "alert", "incident"));
    allowOnly(n, kind, "health", "failing");
    allowOnly(n, kind, "anomaly", "score");
    return switch (kind) {
      case "health" ->
          new Trigger.HealthFailing(
              n.text("health"), n.integer("failing", 1, 1, Integer.MAX_VALUE));
      case "anomaly" -> new Trigger.AnomalyAbove(n.text("anomaly"), n.number("score", 0, 1));
      case "alert" -> new Trigger.AlertFiring(n.text("alert"));
      default -> incident(n.get("incident"), n.path("incident"));
    };
  }

  /** {@code failing} belongs with {@code health} only, {@code score} with {@code anomaly} only. */
  private static void allowOnly(ConfigNode n, String kind, String owner, String field)
      throws RuntimeConfigException {
    if (n.has(field) && !kind.equals(owner)) {
      throw new RuntimeConfigException(n.path(field), "applies only to " + owner);
    }
  }

  private static Trigger incident(JsonNode node, String path) throws RuntimeConfigException {
    ConfigNode n = ConfigNode.of(node, path, INCIDENT);
    Optional<String> exception = n.optionalText("exception");
    Optional<String> fingerprint = n.optionalText("fingerprint");
    if (exception.isEmpty() && fingerprint.isEmpty()) {
      throw new RuntimeConfigException(path, "must name an exception or a fingerprint");
    }
    return new Trigger.IncidentMatching(exception, fingerprint);
  }

  private static List<Runbook.Step> steps(JsonNode node, String path, ActionParser actions)
      throws RuntimeConfigException {
    List<Runbook.Step> steps = new ArrayList<>();
    List<JsonNode> entries = actionList(node, path);
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String at = path + "[" + i + "]";
      if (entry.isObject() && entry.has("best")) {
        ConfigNode n = ConfigNode.of(entry, at, List.of("best"));
        List<RuntimeAction> alternatives = new ArrayList<>();
        List<JsonNode> best = actionList(n.get("best"), n.path("best"));
        for (int j = 0; j < best.size(); j++) {
          alternatives.add(action(best.get(j), n.path("best") + "[" + j + "]", actions));
        }
        steps.add(new Runbook.Step(alternatives));
      } else {
        steps.add(new Runbook.Step(List.of(action(entry, at, actions))));
      }
    }
    return steps;
  }

  private static List<JsonNode> actionList(JsonNode node, String path)
      throws RuntimeConfigException {
    if (node == null || node.isNull()) {
      throw new RuntimeConfigException(path, "is required");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new RuntimeConfigException(
          path, "must be a non-empty list of actions, was " + ConfigNode.shown(node));
    }
    return ConfigNode.list(node, path);
  }

  private static RuntimeAction action(JsonNode node, String path, ActionParser actions)
      throws RuntimeConfigException {
    if (!node.isObject() || node.size() != 1) {
      throw new RuntimeConfigException(
          path,
          "must be a mapping with one field, the action's kind, was " + ConfigNode.shown(node));
    }
    return actions.parse(node, path);
  }

  private static List<String> otherwise(JsonNode node, String path) throws RuntimeConfigException {
    if (node == null) {
      return ELSE;
    }
    if (!node.isArray()) {
      throw new RuntimeConfigException(
          path, "must be a list of undo and/or escalate, was " + ConfigNode.shown(node));
    }
    List<String> out = new ArrayList<>();
    List<String> words = ConfigNode.texts(node, path);
    for (int i = 0; i < words.size(); i++) {
      String at = path + "[" + i + "]";
      String word = words.get(i);
      if (!ELSE.contains(word)) {
        throw new RuntimeConfigException(at, "must be undo or escalate, was \"" + word + "\"");
      }
      if (out.contains(word)) {
        throw new RuntimeConfigException(at, "\"" + word + "\" is named twice");
      }
      out.add(word);
    }
    return out;
  }

  private static Runbook.Guards guards(JsonNode node, String path) throws RuntimeConfigException {
    Runbook.Guards d = Runbook.Guards.DEFAULT;
    if (node == null) {
      return d;
    }
    ConfigNode n = ConfigNode.of(node, path, GUARDS);
    boolean approvalRequired = d.approvalRequired();
    if (n.has("approval")) {
      String approval = n.text("approval");
      if (!approval.equals("auto") && !approval.equals("required")) {
        throw new RuntimeConfigException(
            n.path("approval"), "must be auto or required, was \"" + approval + "\"");
      }
      approvalRequired = approval.equals("required");
    }
    return new Runbook.Guards(
        n.bool("dryRun", d.dryRun()),
        n.durationOrZero("cooldown", d.cooldown()),
        n.integer("maxAttemptsPerHour", d.maxAttemptsPerHour(), 1, Integer.MAX_VALUE),
        approvalRequired);
  }
}
