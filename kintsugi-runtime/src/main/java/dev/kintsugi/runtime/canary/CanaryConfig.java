package dev.kintsugi.runtime.canary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code canary:} section of {@code runtime.yml}: how canaries are judged and which scraped
 * series they are judged on.
 *
 * <pre>{@code
 * canary:
 *   alpha: 0.05          # significance of the Mann-Whitney U test
 *   passScore: 95        # share of metrics passed (0-100) from which a canary passes
 *   marginalScore: 75    # under it it fails; between the two it is inconclusive
 *   minSamples: 5        # points each side needs before a metric is judged
 *   window: 5m           # the interval judged when a request names none
 *   metrics:
 *     - name: errors                                  # what the verdict calls it
 *       series: http_server_requests_seconds_count{status="500"}   # under each scrape target:
 *                                                     # every series with these labels, summed
 *       worse: higher                                 # higher | lower | either (default higher)
 *       allowedRelative: 0.1                          # default 0.1: 10 % of the baseline's median
 *       allowedAbsolute: 0.01                         # default 0
 *       critical: true                                # default false
 * }</pre>
 *
 * @param window the interval judged when a request names none
 * @param metrics the series every analysis of two scrape targets compares
 */
public record CanaryConfig(
    double alpha,
    double passScore,
    double marginalScore,
    int minSamples,
    Duration window,
    List<SeriesMetric> metrics) {

  /** Kayenta's usual settings over a 5 minute window, and no configured metric. */
  public static final CanaryConfig DEFAULT =
      new CanaryConfig(0.05, 95, 75, 5, Duration.ofMinutes(5), List.of());

  /** The longest window judged: a canary is a matter of minutes or hours, not weeks. */
  static final Duration MAX_WINDOW = Duration.ofDays(1);

  static final List<String> FIELDS =
      List.of("alpha", "passScore", "marginalScore", "minSamples", "window", "metrics");
  private static final List<String> METRIC_FIELDS =
      List.of("name", "series", "worse", "allowedRelative", "allowedAbsolute", "critical");
  static final List<String> SPEC_FIELDS =
      List.of("worse", "allowedRelative", "allowedAbsolute", "critical");

  public CanaryConfig {
    Objects.requireNonNull(window, "window");
    metrics = List.copyOf(metrics);
    judge(alpha, passScore, marginalScore, minSamples); // refuses bad settings
  }

  /** The judge of these settings. */
  public CanaryJudge judge() {
    return judge(alpha, passScore, marginalScore, minSamples);
  }

  private static CanaryJudge judge(double alpha, double pass, double marginal, int minSamples) {
    return new CanaryJudge(alpha, pass, marginal, minSamples);
  }

  /**
   * Reads the section (absent: {@link #DEFAULT}).
   *
   * @param path the section's path from the file's root ({@code canary})
   */
  public static CanaryConfig parse(JsonNode node, String path) throws RuntimeConfigException {
    if (node == null || node.isNull()) {
      return DEFAULT;
    }
    ConfigNode n = ConfigNode.of(node, path, FIELDS);
    double alpha = n.number("alpha", DEFAULT.alpha, 0.0001, 0.5);
    double pass = n.number("passScore", DEFAULT.passScore, 0, 100);
    double marginal = n.number("marginalScore", Math.min(DEFAULT.marginalScore, pass), 0, 100);
    if (marginal > pass) {
      throw new RuntimeConfigException(
          n.path("marginalScore"), "must not be above passScore (" + pass + ")");
    }
    int minSamples = n.integer("minSamples", DEFAULT.minSamples, 2, 100_000);
    Duration window = window(n, "window", DEFAULT.window);
    List<SeriesMetric> metrics = new ArrayList<>();
    List<JsonNode> items = ConfigNode.list(n.get("metrics"), n.path("metrics"));
    for (int i = 0; i < items.size(); i++) {
      ConfigNode m = ConfigNode.of(items.get(i), n.path("metrics") + "[" + i + "]", METRIC_FIELDS);
      MetricSpec spec = spec(m);
      try {
        metrics.add(SeriesMetric.of(spec, m.text("series")));
      } catch (IllegalArgumentException e) {
        throw new RuntimeConfigException(m.path("series"), e.getMessage());
      }
    }
    return new CanaryConfig(alpha, pass, marginal, minSamples, window, metrics);
  }

  /** A window: longer than zero, at most {@link #MAX_WINDOW}; absent: the default. */
  static Duration window(ConfigNode n, String field, Duration fallback)
      throws RuntimeConfigException {
    Duration window = n.duration(field, fallback);
    if (window.compareTo(MAX_WINDOW) > 0) {
      throw new RuntimeConfigException(n.path(field), "must be at most 1d, was " + window);
    }
    return window;
  }

  /** A metric's {@code name}, {@code worse}, allowed changes and {@code critical}. */
  static MetricSpec spec(ConfigNode m) throws RuntimeConfigException {
    String name = m.text("name");
    MetricSpec.Worse worse;
    try {
      worse = MetricSpec.Worse.of(m.optionalText("worse").orElse("higher"));
    } catch (IllegalArgumentException e) {
      throw new RuntimeConfigException(m.path("worse"), e.getMessage());
    }
    return new MetricSpec(
        name,
        worse,
        m.number("allowedRelative", 0.1, 0, 1_000_000),
        m.number("allowedAbsolute", 0, 0, Double.MAX_VALUE),
        m.bool("critical", false));
  }
}
