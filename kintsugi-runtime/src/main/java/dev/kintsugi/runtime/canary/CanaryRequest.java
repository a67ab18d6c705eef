package dev.kintsugi.runtime.canary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to judge: two scrape targets' configured series over a window, metrics whose samples come
 * with the request, or both; and the canary's release, whose incidents are looked at.
 *
 * @param project the server project of the targets and the release's incidents (default: the
 *     baseline target's, else the configuration's)
 * @param baseline the scrape target of the version in place
 * @param canary the scrape target of the new version
 * @param window the interval judged, ending now (default: the configuration's)
 * @param release the canary's release as its events name it
 * @param inline metrics given with their samples
 */
public record CanaryRequest(
    Optional<String> project,
    Optional<String> baseline,
    Optional<String> canary,
    Optional<Duration> window,
    Optional<String> release,
    List<Comparison> inline) {

  /** Longest release name events keep (the event table's column). */
  static final int MAX_RELEASE = 200;

  /** Most samples a side of an inline metric. */
  static final int MAX_SAMPLES = 100_000;

  static final List<String> FIELDS =
      List.of("project", "baseline", "canary", "window", "release", "metrics");
  private static final List<String> INLINE_FIELDS =
      List.of(
          "name", "baseline", "canary", "worse", "allowedRelative", "allowedAbsolute", "critical");

  public CanaryRequest {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(release, "release");
    inline = List.copyOf(inline);
  }

  /** The configured series of two scrape targets over the configured window. */
  public static CanaryRequest of(String baseline, String canary) {
    return new CanaryRequest(
        Optional.empty(),
        Optional.of(baseline),
        Optional.of(canary),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  /** This request over {@code window}. */
  public CanaryRequest over(Duration window) {
    return new CanaryRequest(project, baseline, canary, Optional.of(window), release, inline);
  }

  /** This request with the canary's release, whose incidents may fail it at once. */
  public CanaryRequest ofRelease(String release) {
    return new CanaryRequest(project, baseline, canary, window, Optional.of(release), inline);
  }

  /**
   * Reads a request: {@code {"project", "baseline", "canary", "window": "5m", "release", "metrics":
   * [{"name", "baseline": [..], "canary": [..], "worse", "allowedRelative", "allowedAbsolute",
   * "critical"}]}}, every field optional but strict (unknown fields refused).
   *
   * @param prefix the path of {@code node} in what was sent, for errors ({@code ""}, {@code
   *     metadata})
   * @param known the fields accepted (a subset of {@link #FIELDS})
   */
  static CanaryRequest parse(JsonNode node, String prefix, List<String> known)
      throws CanaryRequestException {
    try {
      ConfigNode n = ConfigNode.of(node, prefix, known);
      List<Comparison> inline = new ArrayList<>();
      List<JsonNode> items = ConfigNode.list(n.get("metrics"), n.path("metrics"));
      for (int i = 0; i < items.size(); i++) {
        String path = n.path("metrics") + "[" + i + "]";
        ConfigNode m = ConfigNode.of(items.get(i), path, INLINE_FIELDS);
        inline.add(
            new Comparison(
                CanaryConfig.spec(m),
                samples(m.get("baseline"), m.path("baseline")),
                samples(m.get("canary"), m.path("canary"))));
      }
      Optional<String> release = n.optionalText("release");
      if (release.isPresent() && release.get().length() > MAX_RELEASE) {
        throw new RuntimeConfigException(
            n.path("release"), "must be at most " + MAX_RELEASE + " characters");
      }
      return new CanaryRequest(
          n.optionalText("project"),
          n.has("baseline") ? Optional.of(n.name("baseline")) : Optional.empty(),
          n.has("canary") ? Optional.of(n.name("canary")) : Optional.empty(),
          n.has("window")
              ? Optional.of(CanaryConfig.window(n, "window", Duration.ZERO))
              : Optional.empty(),
          release,
          inline);
    } catch (RuntimeConfigException e) {
      throw refused(e);
    }
  }

  /** The same problem, its field's path without the root's leading dot. */
  static CanaryRequestException refused(RuntimeConfigException e) {
    String field = e.field().startsWith(".") ? e.field().substring(1) : e.field();
    String problem = e.getMessage().substring(e.field().length() + 2);
    return new CanaryRequestException(field.isEmpty() ? "(body)" : field, problem);
  }

  private static double[] samples(JsonNode node, String path) throws RuntimeConfigException {
    if (node == null || !node.isArray()) {
      throw new RuntimeConfigException(
          path, "must be a list of numbers, was " + ConfigNode.shown(node));
    }
    if (node.size() > MAX_SAMPLES) {
      throw new RuntimeConfigException(path, "must hold at most " + MAX_SAMPLES + " samples");
    }
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isNumber()) {
        throw new RuntimeConfigException(
            path + "[" + i + "]", "must be a number, was " + ConfigNode.shown(v));
      }
      out[i] = v.doubleValue();
    }
    return out;
  }
}
