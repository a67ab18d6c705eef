package dev.kintsugi.runtime.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Prometheus text endpoint polled on an interval (Spring Boot's {@code /actuator/prometheus}, any
 * exporter's {@code /metrics}). Its samples become series named {@code
 * <name>/<metric>{label="value",...}} (labels sorted by name; see {@link SeriesNames}).
 *
 * <p>In {@code runtime.yml}:
 *
 * <pre>{@code
 * scrape:
 *   - name: shop                    # letters, digits, _ . - ; unique
 *     project: shop                 # the server project the series belong to
 *     url: http://localhost:8080/actuator/prometheus
 *     interval: 15s                 # default 15s
 *     timeout: 5s                   # default 5s, at most the interval
 *     metrics: [http_server_requests_seconds, jvm_memory_used_bytes]   # optional allow-list
 *     maxSeries: 500                # default 500: extra series are dropped
 * }</pre>
 *
 * @param metrics the metric (family) names to keep; empty keeps all
 * @param maxSeries at most this many series from the target; further ones are dropped
 */
public record ScrapeTarget(
    String name,
    String project,
    URI url,
    Duration interval,
    Duration timeout,
    Set<String> metrics,
    int maxSeries) {

  static final List<String> FIELDS =
      List.of("name", "project", "url", "interval", "timeout", "metrics", "maxSeries");

  public ScrapeTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    metrics = Set.copyOf(metrics);
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries must be ≥ 1, was " + maxSeries);
    }
  }

  /** A target keeping every metric, polled every 15 s with a 5 s timeout, at most 500 series. */
  public static ScrapeTarget of(String name, String project, URI url) {
    return new ScrapeTarget(
        name, project, url, Duration.ofSeconds(15), Duration.ofSeconds(5), Set.of(), 500);
  }

  /** Whether samples of the metric family {@code metric} are kept. */
  boolean keeps(String metric) {
    return metrics.isEmpty() || metrics.contains(metric);
  }

  /**
   * Reads one target.
   *
   * @param path the node's path from the file's root ({@code scrape[0]}), for errors
   */
  public static ScrapeTarget parse(JsonNode node, String path) throws RuntimeConfigException {
    ConfigNode n = ConfigNode.of(node, path, FIELDS);
    Duration interval = n.duration("interval", Duration.ofSeconds(15));
    Duration timeout = n.duration("timeout", Duration.ofSeconds(5));
    if (timeout.compareTo(interval) > 0) {
      throw new RuntimeConfigException(n.path("timeout"), "must not be longer than the interval");
    }
    return new ScrapeTarget(
        n.name("name"),
        n.text("project"),
        n.httpUrl("url"),
        interval,
        timeout,
        Set.copyOf(n.strings("metrics")),
        n.integer("maxSeries", 500, 1, 100_000));
  }

  /** Reads the {@code scrape:} list (absent or null: empty); target names must be unique. */
  public static List<ScrapeTarget> parseList(JsonNode node, String path)
      throws RuntimeConfigException {
    return ConfigNode.namedList(node, path, ScrapeTarget::parse, ScrapeTarget::name, "target");
  }
}
