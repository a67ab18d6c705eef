package dev.kintsugi.runtime.canary;

import dev.kintsugi.runtime.signal.SeriesNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configured canary metric read from scraped series: {@code metric} with {@code labels} under the
 * baseline's and the canary's scrape target ({@code shop-canary/http_server_requests_seconds_max
 * {status="500"}}).
 *
 * @param spec how the metric is judged
 * @param metric the metric's name as scraped ({@code http_server_requests_seconds_max})
 * @param labels its labels (any order; series names sort them); a series carrying more labels
 *     matches too ({@link SelectedSeries})
 */
public record SeriesMetric(MetricSpec spec, String metric, Map<String, String> labels) {

  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?", Pattern.DOTALL);
  private static final Pattern LABEL =
      Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

  public SeriesMetric {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(metric, "metric");
    labels = Map.copyOf(labels);
  }

  /** The series this metric reads under {@code target}. */
  public String seriesOf(String target) {
    return SeriesNames.scraped(target, metric, labels);
  }

  /** The metric part as written in a series name, labels sorted. */
  public String selector() {
    String full = SeriesNames.scraped("", metric, labels);
    return full.substring(1);
  }

  /**
   * Reads {@code metric} or {@code metric{label="value",...}} (values escaped as in the Prometheus
   * text format).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static SeriesMetric of(MetricSpec spec, String selector) {
    Matcher m = SELECTOR.matcher(selector.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be a metric name with optional labels, such as"
              + " http_server_requests_seconds_max{status=\"500\"}, was \""
              + selector
              + "\"");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String body = m.group(2) == null ? "" : m.group(2).strip();
    Matcher l = LABEL.matcher(body);
    int at = 0;
    while (at < body.length()) {
      if (!l.find(at) || l.start() != at) {
        throw new IllegalArgumentException(
            "labels must be name=\"value\" separated by commas, was {" + body + "}");
      }
      if (labels.put(l.group(1), unescape(l.group(2))) != null) {
        throw new IllegalArgumentException("label " + l.group(1) + " is given twice");
      }
      at = l.end();
    }
    return new SeriesMetric(spec, m.group(1), new TreeMap<>(labels));
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
