package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSignalTest {
  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void aHealthSignalSaysWhetherTheCheckFailedOrPassedAndWhy() {
    assertThat(new RuntimeSignal.Health("shop", "ready", AT, false, 3, "503").describe())
        .isEqualTo("health check ready failed 3 time(s) in a row: 503");
    assertThat(new RuntimeSignal.Health("shop", "ready", AT, true, 2, "").describe())
        .isEqualTo("health check ready passed 2 time(s) in a row");
  }

  @Test
  void anAlertSaysWhetherItFiresOrResolvedWithItsLabelsInOrder() {
    Map<String, String> labels = Map.of("team", "shop", "severity", "page");
    assertThat(new RuntimeSignal.Alert("shop", "HighLatency", AT, false, labels).describe())
        .isEqualTo("alert HighLatency resolved (severity=page, team=shop)");
  }

  @Test
  void anAnomalyShowsItsValueAndScoreAndAnIncidentItsTypeAndFingerprint() {
    assertThat(new RuntimeSignal.Anomaly("shop", "shop/errors", AT, 0.123456, 0.987).describe())
        .isEqualTo("anomaly on shop/errors: value 0.1235, anomaly score 0.99");
    assertThat(
            new RuntimeSignal.NewIncident("shop", 12, "abc", "java.lang.IllegalStateException", AT)
                .describe())
        .isEqualTo("new incident #12: java.lang.IllegalStateException (abc)");
  }
}
