package dev.kintsugi.runtime.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.runtime.MovingClock;
import dev.kintsugi.runtime.signal.SeriesStore;
import dev.kintsugi.server.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary metrics over series named as the scraper names a Spring Boot 2.7 app's Micrometer output
 * (seen on fabianlee/spring-micro-with-actuator, bench/canary-outside): every series carries
 * exception, method, outcome, status and uri, and a status="500" series exists only after the first
 * 500.
 */
class SelectedSeriesTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final String ERRORS_500 =
      "http_server_requests_seconds_count{exception=\"IllegalStateException\",method=\"GET\","
          + "outcome=\"SERVER_ERROR\",status=\"500\",uri=\"UNKNOWN\"}";
  private static final String TIMEOUTS_500 =
      "http_server_requests_seconds_count{exception=\"TimeoutException\",method=\"GET\","
          + "outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/api/product/{id}\"}";
  private static final String OK_200 =
      "http_server_requests_seconds_count{exception=\"None\",method=\"GET\","
          + "outcome=\"SUCCESS\",status=\"200\",uri=\"/api/product/{id}\"}";

  @TempDir Path dir;
  private Database db;
  private SeriesStore store;
  private final List<SeriesStore.NewPoint> points = new ArrayList<>();

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
    store = new SeriesStore(db, new MovingClock(T0), 1000);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aSelectorNamingSomeLabelsSumsEverySeriesCarryingThemPerScrape() {
    scrapes("canary", 1, 1, 1);
    at("canary/" + ERRORS_500, 0, 2.0);
    at("canary/" + ERRORS_500, 1, 3.0);
    at("canary/" + TIMEOUTS_500, 1, 0.5);
    at("canary/" + OK_200, 0, 40.0);
    at("canary/" + OK_200, 1, 40.0);
    store.append(points);

    double[] values = values("canary", "http_server_requests_seconds_count{status=\"500\"}");

    // scrape 2 saw no 500 series at all: a counter's rate there is 0, not missing
    assertThat(values).containsExactly(2.0, 3.5, 0.0);
  }

  @Test
  void aBaselineThatNeverFailedReadsZeroErrorsAtEachScrapeThatWorked() {
    scrapes("stable", 1, 1, 0, 1);
    at("stable/" + OK_200, 0, 40.0);
    store.append(points);

    assertThat(values("stable", "http_server_requests_seconds_count{status=\"500\"}"))
        .as("the failed scrape (up 0) gives no sample")
        .containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void aGaugeWithoutAMatchingSeriesHasNoSamples() {
    scrapes("stable", 1, 1);
    store.append(points);

    assertThat(values("stable", "http_server_requests_seconds_max{status=\"500\"}")).isEmpty();
  }

  @Test
  void aFullySpelledSeriesReadsOnlyItselfAndNoMetricSharingItsNamesStart() {
    List<String> names =
        List.of(
            "stable/http_server_requests_seconds_count",
            "stable/" + OK_200,
            "stable/" + ERRORS_500,
            "stable/http_server_requests_seconds_count_extra{status=\"500\"}",
            "canary/" + ERRORS_500);

    assertThat(SelectedSeries.matching(names, "stable", selector(ERRORS_500)))
        .containsExactly("stable/" + ERRORS_500);
    assertThat(
            SelectedSeries.matching(
                names, "stable", selector("http_server_requests_seconds_count")))
        .as("no labels: every series of the metric, as sum(metric) in PromQL")
        .containsExactly(
            "stable/http_server_requests_seconds_count",
            "stable/" + OK_200,
            "stable/" + ERRORS_500);
  }

  private double[] values(String target, String selector) {
    return SelectedSeries.values(
        store, "shop", target, selector(selector), T0.minusSeconds(1), T0.plusSeconds(3600));
  }

  private static SeriesMetric selector(String selector) {
    return SeriesMetric.of(new MetricSpec("m", MetricSpec.Worse.HIGHER, 0, 0, false), selector);
  }

  /** The target's up series, one scrape every 15 s from T0. */
  private void scrapes(String target, double... ups) {
    for (int i = 0; i < ups.length; i++) {
      at(target + "/up", i, ups[i]);
    }
  }

  private void at(String series, int scrape, double value) {
    points.add(
        new SeriesStore.NewPoint(
            "shop", series, T0.plusSeconds(15L * scrape), value, OptionalDouble.empty()));
  }
}
