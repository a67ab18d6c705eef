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
  void aBodyWithoutAnySampleIsAnError() {
    assertThatThrownBy(() -> parse("{\"status\":\"UP\"}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no Prometheus samples");
    assertThatThrownBy(
            () -> PrometheusText.parse(new byte[] {(byte) 0x8f, 0x01, 0x0a, 0x12}, m -> true))
        .isInstanceOf(IOException.class);
  }
}
