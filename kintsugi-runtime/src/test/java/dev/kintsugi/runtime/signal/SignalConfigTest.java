package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SignalConfigTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text);
  }

  static void fails(ThrowingParse parse, String field, String problem) {
    assertThatThrownBy(parse::run)
        .isInstanceOf(RuntimeConfigException.class)
        .satisfies(e -> assertThat(((RuntimeConfigException) e).field()).isEqualTo(field))
        .hasMessageContaining(problem);
  }

  interface ThrowingParse {
    void run() throws Exception;
  }

  @Nested
  class Scrape {
    static final String GOOD =
        """
        scrape:
          - name: shop
            project: shop
            url: http://localhost:8080/actuator/prometheus
            interval: 2m
            timeout: 500ms
            metrics: [http_server_requests_seconds, jvm_memory_used_bytes]
            maxSeries: 50
          - {name: db, project: shop, url: "https://db:9187/metrics"}
        """;

    List<ScrapeTarget> parse(String yaml) throws Exception {
      return ScrapeTarget.parseList(yaml(yaml).get("scrape"), "scrape");
    }

    @Test
    void readsTargetsWithDefaults() throws Exception {
      assertThat(parse(GOOD))
          .containsExactly(
              new ScrapeTarget(
                  "shop",
                  "shop",
                  URI.create("http://localhost:8080/actuator/prometheus"),
                  Duration.ofMinutes(2),
                  Duration.ofMillis(500),
                  Set.of("http_server_requests_seconds", "jvm_memory_used_bytes"),
                  50),
              ScrapeTarget.of("db", "shop", URI.create("https://db:9187/metrics")));
      assertThat(ScrapeTarget.parseList(null, "scrape")).isEmpty();
    }

    @Test
    void errorsNameTheField() {
      fails(
          () -> parse(GOOD.replace("maxSeries", "maxSerie")),
          "scrape[0].maxSerie",
          "unknown field");
      fails(
          () -> parse(GOOD.replace("interval: 2m", "interval: 5 seconds")),
          "scrape[0].interval",
          "must be a duration such as 500ms, 5s, 2m, 1h, 7d or PT10M, was \"5 seconds\"");
      fails(
          () -> parse(GOOD.replace("interval: 2m", "interval: 0s")),
          "scrape[0].interval",
          "longer than zero");
      fails(
          () -> parse(GOOD.replace("timeout: 500ms", "timeout: 3m")),
          "scrape[0].timeout",
          "not be longer");
      fails(
          () -> parse(GOOD.replace("https://db:9187/metrics", "ftp://db/metrics")),
          "scrape[1].url",
          "http://");
      fails(
          () -> parse(GOOD.replace("https://db:9187/metrics", "http://db:90 87/")),
          "scrape[1].url",
          "not a valid URL");
      fails(
          () -> parse(GOOD.replace("maxSeries: 50", "maxSeries: fifty")),
          "scrape[0].maxSeries",
          "whole number");
      fails(
          () -> parse(GOOD.replace("maxSeries: 50", "maxSeries: 0")),
          "scrape[0].maxSeries",
          "between 1 and");
      fails(
          () ->
              parse(
                  GOOD.replace("[http_server_requests_seconds, jvm_memory_used_bytes]", "[a, {}]")),
          "scrape[0].metrics[1]",
          "non-empty string");
      fails(() -> parse(GOOD.replace("name: db", "name: shop")), "scrape[1].name", "already");
      fails(
          () -> parse(GOOD.replace("name: db", "name: \"a/b\"")),
          "scrape[1].name",
          "must be a name");
      fails(
          () -> parse(GOOD.replace("    project: shop\n", "")), "scrape[0].project", "is required");
      fails(() -> parse("scrape: {name: x}"), "scrape", "must be a list");
      fails(() -> parse("scrape: [5]"), "scrape[0]", "must be a mapping");
    }
  }

  @Nested
  class Checks {
    static final String GOOD =
        """
        checks:
          - name: shop-http
            project: shop
            interval: 10s
            timeout: 2s
            failureThreshold: 3
            successThreshold: 2
            http: {url: "http://localhost:8080/ping", status: 204, body: pong, maxLatency: 500ms}
          - {name: shop-port, project: shop, tcp: {host: localhost, port: 8080}}
          - {name: shop-pid, project: shop, process: {pidFile: /run/shop.pid}}
          - {name: shop-pid2, project: shop, process: {pid: 4242}}
          - {name: shop-health, project: shop, actuator: {url: "http://localhost:8080/actuator/health"}}
        """;

    List<HealthCheck> parse(String yaml) throws Exception {
      return HealthCheck.parseList(yaml(yaml).get("checks"), "checks");
    }

    @Test
    void readsEveryKindOfCheck() throws Exception {
      List<HealthCheck> checks = parse(GOOD);
      assertThat(checks.get(0))
          .isEqualTo(
              new HealthCheck(
                  "shop-http",
                  "shop",
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(2),
                  3,
                  2,
                  new HealthCheck.Http(
                      URI.create("http://localhost:8080/ping"),
                      204,
                      Optional.of("pong"),
                      Optional.of(Duration.ofMillis(500)))));
      assertThat(checks.get(1).probe()).isEqualTo(new HealthCheck.Tcp("localhost", 8080));
      assertThat(checks.get(1).failureThreshold()).isEqualTo(3);
      assertThat(checks.get(1).successThreshold()).isEqualTo(1);
      assertThat(checks.get(2).probe())
          .isEqualTo(
              new HealthCheck.Process(OptionalLong.empty(), Optional.of(Path.of("/run/shop.pid"))));
      assertThat(checks.get(3).probe())
          .isEqualTo(new HealthCheck.Process(OptionalLong.of(4242), Optional.empty()));
      assertThat(checks.get(4).probe())
          .isEqualTo(new HealthCheck.Actuator(URI.create("http://localhost:8080/actuator/health")));
      assertThat(checks.get(4).series()).isEqualTo("health/shop-health");
    }

    @Test
    void errorsNameTheField() {
      fails(
          () -> parse(GOOD.replace("status: 204", "status: \"ok\"")),
          "checks[0].http.status",
          "whole number");
      fails(
          () -> parse(GOOD.replace("maxLatency: 500ms", "maxLatency: 1 day")),
          "checks[0].http.maxLatency",
          "duration");
      fails(
          () -> parse(GOOD.replace("body: pong", "bodyy: pong")),
          "checks[0].http.bodyy",
          "unknown field");
      fails(
          () -> parse(GOOD.replace("failureThreshold: 3", "failureThreshold: 0")),
          "checks[0].failureThreshold",
          "between 1");
      fails(
          () -> parse(GOOD.replace("port: 8080", "port: 70000")),
          "checks[1].tcp.port",
          "between 1 and 65535");
      fails(() -> parse(GOOD.replace(", port: 8080", "")), "checks[1].tcp.port", "is required");
      fails(
          () -> parse(GOOD.replace("{pid: 4242}", "{}")),
          "checks[3].process",
          "exactly one of pid, pidFile");
      fails(
          () ->
              parse(
                  GOOD.replace(
                      "tcp: {host: localhost, port: 8080}",
                      "tcp: {host: localhost, port: 8080}, process: {pid: 1}")),
          "checks[1]",
          "exactly one of http, tcp, process, actuator (has tcp, process)");
      fails(
          () -> parse(GOOD.replace(", tcp: {host: localhost, port: 8080}", "")),
          "checks[1]",
          "needs exactly one");
      fails(
          () ->
              parse(GOOD.replace("url: \"http://localhost:8080/actuator/health\"", "url: health")),
          "checks[4].actuator.url",
          "http:// or https://");
      fails(
          () -> parse(GOOD.replace("name: shop-pid2", "name: shop-pid")),
          "checks[3].name",
          "already");
      fails(
          () -> parse(GOOD.replace("timeout: 2s", "timeout: 20s")),
          "checks[0].timeout",
          "not be longer");
    }
  }
}
