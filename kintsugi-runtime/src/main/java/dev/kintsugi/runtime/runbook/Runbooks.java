package dev.kintsugi.runtime.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.action.RuntimeAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    if (node == null || node.isNull() || node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new RuntimeConfigException(path, "must be a list, was " + Fields.shown(node));
    }
    List<Runbook> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String at = path + "[" + i + "]";
      Runbook runbook = runbook(node.get(i), at, actions);
      if (!names.add(runbook.name())) {
        throw new RuntimeConfigException(at + ".name", "\"" + runbook.name() + "\" is used twice");
      }
      out.add(runbook);
    }
    return List.copyOf(out);
  }

  private static Runbook runbook(JsonNode node, String path, ActionParser actions)
      throws RuntimeConfigException {
    Fields.object(node, path, RUNBOOK);
    String name = Fields.text(node, "name", path);
    String project = Fields.text(node, "project", path);
    String environment = Fields.optionalText(node, "environment", path).orElse(DEFAULT_ENVIRONMENT);
    if (!node.has("when")) {
      throw new RuntimeConfigException(path + ".when", "is missing");
    }
    Trigger when = when(node.get("when"), path + ".when");
    List<Runbook.Step> steps = steps(node.get("do"), path + ".do", actions);
    Runbook.Verify verify = Runbook.Verify.DEFAULT;
    if (node.has("verify")) {
      JsonNode v = node.get("verify");
      String at = path + ".verify";
      Fields.object(v, at, VERIFY);
      Duration within = Fields.duration(v, "within", at, Duration.ofMillis(1), verify.within());
      Duration every = Fields.duration(v, "every", at, Duration.ofMillis(1), verify.every());
      verify = new Runbook.Verify(within, every);
    }
    List<String> otherwise = otherwise(node.get("else"), path + ".else");
    return new Runbook(
        name,
        project,
        environment,
        when,
        steps,
        verify,
        otherwise.contains("undo"),
        otherwise.contains("escalate"),
        guards(node.get("guards"), path + ".guards"));
  }

  private static Trigger when(JsonNode node, String path) throws RuntimeConfigException {
    Fields.object(node, path, WHEN);
    List<String> kinds = new ArrayList<>();
    for (String kind : List.of("health", "anomaly", "alert", "incident")) {
      if (node.has(kind)) {
        kinds.add(kind);
      }
    }
    if (kinds.size() != 1) {
      throw new RuntimeConfigException(
          path,
          "must name exactly one of health, anomaly, alert, incident"
              + (kinds.isEmpty() ? "" : ", named " + String.join(" and ", kinds)));
    }
    String kind = kinds.get(0);
    allowOnly(node, path, kind, "health", "failing");
    allowOnly(node, path, kind, "anomaly", "score");
    return switch (kind) {
      case "health" ->
          new Trigger.HealthFailing(
              Fields.text(node, "health", path), Fields.count(node, "failing", path, 1, 1));
      case "anomaly" ->
          new Trigger.AnomalyAbove(
              Fields.text(node, "anomaly", path), Fields.fraction(node, "score", path));
      case "alert" -> new Trigger.AlertFiring(Fields.text(node, "alert", path));
      default -> incident(node.get("incident"), path + ".incident");
    };
  }

  /** {@code failing} belongs with {@code health} only, {@code score} with {@code anomaly} only. */
  private static void allowOnly(JsonNode node, String path, String kind, String owner, String field)
      throws RuntimeConfigException {
    if (node.has(field) && !kind.equals(owner)) {
      throw new RuntimeConfigException(path + "." + field, "applies only to " + owner);
    }
  }

  private static Trigger incident(JsonNode node, String path) throws RuntimeConfigException {
    Fields.object(node, path, INCIDENT);
    Optional<String> exception = Fields.optionalText(node, "exception", path);
    Optional<String> fingerprint = Fields.optionalText(node, "fingerprint", path);
    if (exception.isEmpty() && fingerprint.isEmpty()) {
      throw new RuntimeConfigException(path, "must name an exception or a fingerprint");
    }
    return new Trigger.IncidentMatching(exception, fingerprint);
  }

  private static List<Runbook.Step> steps(JsonNode node, String path, ActionParser actions)
      throws RuntimeConfigException {
    if (node == null || node.isNull()) {
      throw new RuntimeConfigException(path, "is missing");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new RuntimeConfigException(
          path, "must be a non-empty list of actions, was " + Fields.shown(node));
    }
    List<Runbook.Step> steps = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode entry = node.get(i);
      String at = path + "[" + i + "]";
      if (entry.isObject() && entry.has("best")) {
        Fields.object(entry, at, List.of("best"));
        JsonNode best = entry.get("best");
        if (!best.isArray() || best.isEmpty()) {
          throw new RuntimeConfigException(
              at + ".best", "must be a non-empty list of actions, was " + Fields.shown(best));
        }
        List<RuntimeAction> alternatives = new ArrayList<>();
        for (int j = 0; j < best.size(); j++) {
          alternatives.add(action(best.get(j), at + ".best[" + j + "]", actions));
        }
        steps.add(new Runbook.Step(alternatives));
      } else {
        steps.add(new Runbook.Step(List.of(action(entry, at, actions))));
      }
    }
    return steps;
  }

  private static RuntimeAction action(JsonNode node, String path, ActionParser actions)
      throws RuntimeConfigException {
    if (!node.isObject() || node.size() != 1) {
      throw new RuntimeConfigException(
          path, "must be a mapping with one field, the action's kind, was " + Fields.shown(node));
    }
    return actions.parse(node, path);
  }

  private static List<String> otherwise(JsonNode node, String path) throws RuntimeConfigException {
    if (node == null) {
      return ELSE;
    }
    if (!node.isArray()) {
      throw new RuntimeConfigException(
          path, "must be a list of undo and/or escalate, was " + Fields.shown(node));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = path + "[" + i + "]";
      String word = Fields.text(node.get(i), at);
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
    Fields.object(node, path, GUARDS);
    boolean approvalRequired = d.approvalRequired();
    if (node.has("approval")) {
      String approval = Fields.text(node, "approval", path);
      if (!approval.equals("auto") && !approval.equals("required")) {
        throw new RuntimeConfigException(
            path + ".approval", "must be auto or required, was \"" + approval + "\"");
      }
      approvalRequired = approval.equals("required");
    }
    return new Runbook.Guards(
        Fields.bool(node, "dryRun", path, d.dryRun()),
        Fields.duration(node, "cooldown", path, Duration.ZERO, d.cooldown()),
        Fields.count(node, "maxAttemptsPerHour", path, 1, d.maxAttemptsPerHour()),
        approvalRequired);
  }
}
