package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  static List<PrometheusText.Sample> parse(String text) throws IOException {
    return PrometheusText.parse(text.getBytes(StandardCharsets.UTF_8), m -> true);
  }

  @Test
  void readsAnExportersTextWithUntypedFamiliesEscapesAndTimestamps() throws Exception {
    String text =
        """
        # HELP node_load1 1m load average.
        # TYPE node_load1 gauge
        node_load1 0.25
        # TYPE legacy_thing untyped
        legacy_thing{path="C:\\\\tmp",msg="say \\"hi\\"\\nbye"} 3 1700000000000
        # HELP rpc_duration_seconds A summary.
        # TYPE rpc_duration_seconds summary
        rpc_duration_seconds{quantile="0.5",service="a"} 0.012
        rpc_duration_seconds_sum{service="a"} 17.5
        rpc_duration_seconds_count{service="a"} 1000
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.1"} 5
        http_request_duration_seconds_bucket{le="+Inf"} 8
        http_request_duration_seconds_sum 1.5
        http_request_duration_seconds_count 8
        """;
    List<PrometheusText.Sample> samples = parse(text);

    assertThat(samples)
        .contains(
            new PrometheusText.Sample("node_load1", "node_load1", Map.of(), 0.25, false),
            new PrometheusText.Sample(
                "legacy_thing",
                "legacy_thing",
                Map.of("path", "C:\\tmp", "msg", "say \"hi\"\nbye"),
                3,
                false),
            new PrometheusText.Sample(
                "rpc_duration_seconds",
                "rpc_duration_seconds",
                Map.of("quantile", "0.5", "service", "a"),
                0.012,
                false),
            new PrometheusText.Sample(
                "rpc_duration_seconds",
                "rpc_duration_seconds_count",
                Map.of("service", "a"),
                1000,
                true),
            new PrometheusText.Sample(
                "http_request_duration_seconds",
                "http_request_duration_seconds_sum",
                Map.of(),
                1.5,
                true));
    assertThat(samples).noneMatch(s -> s.name().endsWith("_bucket"));
    assertThat(
            SeriesNames.scraped(
                "t", "legacy_thing", Map.of("path", "C:\\tmp", "msg", "say \"hi\"\nbye")))
        .isEqualTo("t/legacy_thing{msg=\"say \\\"hi\\\"\\nbye\",path=\"C:\\\\tmp\"}");
  }

  @Test
  void keepsSamplesOutsideTheirFamilyAsPrometheusDoes() throws Exception {
    // Spring Boot 3.0's /actuator/prometheus (Micrometer 1.10): a long task timer's samples under
    // a summary TYPE they do not match, and labels ending with a comma.
    String springBoot =
        """
        # HELP http_server_requests_active_seconds_max \s
        # TYPE http_server_requests_active_seconds_max gauge
        http_server_requests_active_seconds_max{method="GET",uri="UNKNOWN",} 0.0034
        # HELP http_server_requests_active_seconds \s
        # TYPE http_server_requests_active_seconds summary
        http_server_requests_active_seconds_active_count{method="GET",uri="UNKNOWN",} 1.0
        http_server_requests_active_seconds_duration_sum{method="GET",uri="UNKNOWN",} 0.0035
        # HELP process_uptime_seconds The uptime of the Java virtual machine
        # TYPE process_uptime_seconds gauge
        process_uptime_seconds 61.2
        """;
    Map<String, String> labels = Map.of("method", "GET", "uri", "UNKNOWN");

    assertThat(parse(springBoot))
        .containsExactlyInAnyOrder(
            new PrometheusText.Sample(
                "http_server_requests_active_seconds_max",
                "http_server_requests_active_seconds_max",
                labels,
                0.0034,
                false),
            new PrometheusText.Sample(
                "http_server_requests_active_seconds_active_count",
                "http_server_requests_active_seconds_active_count",
                labels,
                1,
                false),
            new PrometheusText.Sample(
                "http_server_requests_active_seconds_duration_sum",
                "http_server_requests_active_seconds_duration_sum",
                labels,
                0.0035,
                false),
            new PrometheusText.Sample(
                "process_uptime_seconds", "process_uptime_seconds", Map.of(), 61.2, false));
    // TYPE lines are optional: an exporter writing none is read all the same, as gauges.
    assertThat(parse("up 1\nqueue_depth{queue=\"a\"} 3\nqueue_depth{queue=\"b\"} 4\n"))
        .containsExactly(
            new PrometheusText.Sample("up", "up", Map.of(), 1, false),
            new PrometheusText.Sample("queue_depth", "queue_depth", Map.of("queue", "a"), 3, false),
            new PrometheusText.Sample(
                "queue_depth", "queue_depth", Map.of("queue", "b"), 4, false));
  }

  @Test
  void aBodyWithoutAnySampleIsAnError() {
    assertThatThrownBy(() -> parse("OK\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no Prometheus samples");
    assertThatThrownBy(() -> parse("{\"status\":\"UP\"}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no Prometheus samples");
    assertThatThrownBy(
            () -> PrometheusText.parse(new byte[] {(byte) 0x8f, 0x01, 0x0a, 0x12}, m -> true))
        .isInstanceOf(IOException.class);
  }
}
