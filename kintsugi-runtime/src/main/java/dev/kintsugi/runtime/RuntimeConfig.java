package dev.kintsugi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.policy.PolicyException;
import dev.kintsugi.core.policy.PolicyFile;
import dev.kintsugi.runtime.action.ActionSettings;
import dev.kintsugi.runtime.action.Actions;
import dev.kintsugi.runtime.action.Circuits;
import dev.kintsugi.runtime.detect.Detectors;
import dev.kintsugi.runtime.runbook.Runbook;
import dev.kintsugi.runtime.runbook.Runbooks;
import dev.kintsugi.runtime.signal.HealthCheck;
import dev.kintsugi.runtime.signal.ScrapeTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The runtime configuration ({@code kintsugi server --runtime runtime.yml}), read and validated in
 * full before the server starts:
 *
 * <pre>
 * version: 1
 * project: shop              # the project of targets, checks, alerts and runbooks naming none
 * policy: policy.yml         # a policy file with a runtime: section (relative to this file);
 *                            # none: every runtime action waits for a person's approval
 * anomaly: { detector: ensemble, threshold: 0.99 }
 * retention: 7d              # how long scraped points are kept
 * commands: [ /usr/local/bin/flush-cache ]   # the programs the command action may run
 * scrape: [ ... ]            # Prometheus endpoints (see ScrapeTarget)
 * checks: [ ... ]            # health checks (see HealthCheck)
 * runbooks: [ ... ]          # when → do → verify → else (see the runbook package)
 * </pre>
 *
 * <p>Strict: an unknown field or a value of the wrong type is a {@link RuntimeConfigException}
 * naming its path.
 *
 * @param project the default project
 * @param policy the runtime policy ({@link Policy#NONE} when the file names none)
 * @param detector the anomaly detector of every series ({@code kintsugi detect}'s names)
 * @param threshold the anomaly score from which a point is an anomaly
 * @param retention how long scraped points are kept
 * @param scrape the Prometheus endpoints scraped
 * @param checks the health checks
 * @param runbooks the runbooks
 */
public record RuntimeConfig(
    String project,
    Policy policy,
    String detector,
    double threshold,
    Duration retention,
    List<ScrapeTarget> scrape,
    List<HealthCheck> checks,
    List<Runbook> runbooks) {

  /**
   * The ensemble's score from which a point is an anomaly: about 1% of normal points score above it
   * (measured on noise; see the detect package).
   */
  static final double DEFAULT_THRESHOLD = 0.99;

  /** Larger files are refused: a runtime configuration is a few screens. */
  static final int MAX_BYTES = 256 * 1024;

  // YAML 1.1 reads an unquoted on/off/yes/no as a boolean; a flag's variant named "off" must stay
  // the word it is.
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
              .build());
  private static final List<String> TOP =
      List.of(
          "version",
          "project",
          "policy",
          "anomaly",
          "retention",
          "commands",
          "scrape",
          "checks",
          "runbooks");
  private static final List<String> ANOMALY = List.of("detector", "threshold");

  public RuntimeConfig {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(retention, "retention");
    scrape = List.copyOf(scrape);
    checks = List.copyOf(checks);
    runbooks = List.copyOf(runbooks);
  }

  /**
   * Reads a runtime configuration file.
   *
   * @param circuits where {@code circuit} actions open the agent's kill switches (the server's,
   *     bound when it starts)
   */
  public static RuntimeConfig read(Path file, Circuits circuits) throws RuntimeConfigException {
    String text = ConfigNode.readFile(file, MAX_BYTES);
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, dir, ActionSettings.of(List.of(), circuits, "-"));
  }

  /**
   * Parses a runtime configuration's text.
   *
   * @param dir where relative paths (the policy file) are resolved
   * @param actions what actions are built with; its allowed commands and default project are
   *     replaced by the file's
   */
  static RuntimeConfig parse(String text, Path dir, ActionSettings actions)
      throws RuntimeConfigException {
    JsonNode root = ConfigNode.parseTree(YAML, text, "YAML");
    ConfigNode top = ConfigNode.of(root, "", TOP);
    int version = top.integer("version", 1, 1, 1);
    assert version == 1;
    String project = top.text("project");
    Policy policy = policy(top, dir);
    String detector = Detectors.DEFAULT;
    double threshold = DEFAULT_THRESHOLD;
    if (top.has("anomaly")) {
      ConfigNode anomaly = ConfigNode.of(top.get("anomaly"), "anomaly", ANOMALY);
      detector = anomaly.optionalText("detector").orElse(detector);
      if (!Detectors.names().contains(detector)) {
        throw new RuntimeConfigException(
            "anomaly.detector",
            "unknown detector \""
                + detector
                + "\" (one of: "
                + String.join(", ", Detectors.names())
                + ")");
      }
      threshold = anomaly.number("threshold", threshold, 0.01, 1);
    }
    Duration retention = top.duration("retention", Duration.ofDays(7));
    ActionSettings settings =
        new ActionSettings(
                top.strings("commands"),
                actions.kubernetes(),
                actions.circuits(),
                project,
                actions.env(),
                actions.clock())
            .withDefaultProject(project);
    List<ScrapeTarget> scrape =
        ScrapeTarget.parseList(withProject(top.get("scrape"), project), "scrape");
    List<HealthCheck> checks =
        HealthCheck.parseList(withProject(top.get("checks"), project), "checks");
    List<Runbook> runbooks =
        Runbooks.parse(
            withProject(top.get("runbooks"), project),
            "runbooks",
            (node, path) -> Actions.parse(node, path, settings));
    return new RuntimeConfig(
        project, policy, detector, threshold, retention, scrape, checks, runbooks);
  }

  /** The list's mappings, each naming {@code project} unless it names its own. */
  private static JsonNode withProject(JsonNode list, String project) {
    if (list == null || !list.isArray()) {
      return list; // the section's reader names what is wrong
    }
    ArrayNode copy = list.deepCopy();
    for (JsonNode item : copy) {
      if (item instanceof ObjectNode object && !object.has("project")) {
        object.put("project", project);
      }
    }
    return copy;
  }

  private static Policy policy(ConfigNode top, Path dir) throws RuntimeConfigException {
    if (!top.has("policy")) {
      return Policy.NONE;
    }
    Path file = dir.resolve(top.text("policy"));
    try {
      return PolicyFile.read(file);
    } catch (PolicyException e) {
      throw new RuntimeConfigException("policy", e.getMessage());
    }
  }
}
