package dev.kintsugi.runtime.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A health check run on an interval. It becomes failing after {@code failureThreshold} consecutive
 * failures and healthy again after {@code successThreshold} consecutive successes; only those
 * crossings are signalled ({@link RuntimeSignal.Health}). Each run also records the series {@code
 * health/<name>} (1 passing, 0 failing) and {@code health/<name>/latency_seconds}.
 *
 * <p>In {@code runtime.yml}, with exactly one of {@code http}, {@code tcp}, {@code process}, {@code
 * actuator}:
 *
 * <pre>{@code
 * checks:
 *   - name: shop-http
 *     project: shop
 *     interval: 10s            # default 10s
 *     timeout: 2s              # default 2s, at most the interval
 *     failureThreshold: 3      # default 3
 *     successThreshold: 1      # default 1
 *     http: {url: http://localhost:8080/ping, status: 200, body: pong, maxLatency: 500ms}
 *   - {name: shop-port, project: shop, tcp: {host: localhost, port: 8080}}
 *   - {name: shop-pid, project: shop, process: {pidFile: /run/shop.pid}}   # or {pid: 1234}
 *   - {name: shop-health, project: shop, actuator: {url: http://localhost:8080/actuator/health}}
 * }</pre>
 */
public record HealthCheck(
    String name,
    String project,
    Duration interval,
    Duration timeout,
    int failureThreshold,
    int successThreshold,
    Probe probe) {

  static final List<String> FIELDS =
      List.of(
          "name",
          "project",
          "interval",
          "timeout",
          "failureThreshold",
          "successThreshold",
          "http",
          "tcp",
          "process",
          "actuator");

  public HealthCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(probe, "probe");
    if (failureThreshold < 1 || successThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be ≥ 1");
    }
  }

  /** What a check looks at. */
  public sealed interface Probe {}

  /**
   * An HTTP GET passes when the status is {@code status}, the body contains {@code bodyContains}
   * (if given) and the answer came within {@code maxLatency} (if given).
   */
  public record Http(
      URI url, int status, Optional<String> bodyContains, Optional<Duration> maxLatency)
      implements Probe {
    public Http {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(bodyContains, "bodyContains");
      Objects.requireNonNull(maxLatency, "maxLatency");
    }
  }

  /** A TCP connection to {@code host:port} opens. */
  public record Tcp(String host, int port) implements Probe {
    public Tcp {
      Objects.requireNonNull(host, "host");
    }
  }

  /** A process is alive: by its pid, or by the pid written in {@code pidFile} (read each run). */
  public record Process(OptionalLong pid, Optional<Path> pidFile) implements Probe {
    public Process {
      Objects.requireNonNull(pid, "pid");
      Objects.requireNonNull(pidFile, "pidFile");
      if (pid.isPresent() == pidFile.isPresent()) {
        throw new IllegalArgumentException("exactly one of pid and pidFile");
      }
    }
  }

  /** Spring Boot Actuator's {@code health} endpoint answers JSON whose {@code status} is UP. */
  public record Actuator(URI url) implements Probe {
    public Actuator {
      Objects.requireNonNull(url, "url");
    }
  }

  /** The series of the check's results: {@code health/<name>}. */
  public String series() {
    return "health/" + name;
  }

  /**
   * Reads one check.
   *
   * @param path the node's path from the file's root ({@code checks[0]}), for errors
   */
  public static HealthCheck parse(JsonNode node, String path) throws RuntimeConfigException {
    ConfigNode n = ConfigNode.of(node, path, FIELDS);
    Duration interval = n.duration("interval", Duration.ofSeconds(10));
    Duration timeout = n.duration("timeout", Duration.ofSeconds(2));
    if (timeout.compareTo(interval) > 0) {
      throw new RuntimeConfigException(n.path("timeout"), "must not be longer than the interval");
    }
    String name = n.name("name");
    String project = n.text("project");
    int failures = n.integer("failureThreshold", 3, 1, 1000);
    int successes = n.integer("successThreshold", 1, 1, 1000);
    String kind = n.oneOf(List.of("http", "tcp", "process", "actuator"));
    Probe probe =
        switch (kind) {
          case "http" -> http(n.get(kind), n.path(kind));
          case "tcp" -> tcp(n.get(kind), n.path(kind));
          case "process" -> process(n.get(kind), n.path(kind));
          default ->
              new Actuator(ConfigNode.of(n.get(kind), n.path(kind), List.of("url")).httpUrl("url"));
        };
    return new HealthCheck(name, project, interval, timeout, failures, successes, probe);
  }

  /** Reads the {@code checks:} list (absent or null: empty); check names must be unique. */
  public static List<HealthCheck> parseList(JsonNode node, String path)
      throws RuntimeConfigException {
    return ConfigNode.namedList(node, path, HealthCheck::parse, HealthCheck::name, "check");
  }

  private static Http http(JsonNode node, String path) throws RuntimeConfigException {
    ConfigNode n = ConfigNode.of(node, path, List.of("url", "status", "body", "maxLatency"));
    return new Http(
        n.httpUrl("url"),
        n.integer("status", 200, 100, 599),
        n.optionalText("body"),
        n.has("maxLatency")
            ? Optional.of(n.duration("maxLatency", Duration.ZERO))
            : Optional.empty());
  }

  private static Tcp tcp(JsonNode node, String path) throws RuntimeConfigException {
    ConfigNode n = ConfigNode.of(node, path, List.of("host", "port"));
    return new Tcp(n.text("host"), n.integer("port", 1, 65535));
  }

  private static Process process(JsonNode node, String path) throws RuntimeConfigException {
    ConfigNode n = ConfigNode.of(node, path, List.of("pid", "pidFile"));
    if (n.oneOf(List.of("pid", "pidFile")).equals("pid")) {
      return new Process(OptionalLong.of(n.integer("pid", 1, Integer.MAX_VALUE)), Optional.empty());
    }
    return new Process(OptionalLong.empty(), n.optionalPath("pidFile"));
  }
}
