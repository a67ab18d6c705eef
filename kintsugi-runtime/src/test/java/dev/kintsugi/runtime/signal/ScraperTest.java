package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScraperTest {

  /** Micrometer holds gauge state weakly: kept here so a GC cannot turn a gauge into NaN. */
  private final List<AtomicLong> gauges = new java.util.ArrayList<>();

  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  PrometheusMeterRegistry registry;
  FakeService service;
  final List<String> log = new ArrayList<>();

  @BeforeEach
  void serve() throws Exception {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    service =
        new FakeService(
            "/actuator/prometheus", () -> FakeService.Reply.ok(PROMETHEUS, registry.scrape()));
  }

  @AfterEach
  void stop() {
    service.close();
    registry.close();
  }

  Scraper scraper(ScrapeTarget target) {
    return new Scraper(target, HttpFetch.create(), log::add);
  }

  ScrapeTarget target(URI url) {
    return ScrapeTarget.of("shop", "shop-project", url);
  }

  ScrapeTarget target(Duration timeout, Set<String> metrics, int maxSeries) {
    return new ScrapeTarget(
        "shop",
        "shop-project",
        service.uri("/actuator/prometheus"),
        Duration.ofSeconds(15),
        timeout,
        metrics,
        maxSeries);
  }

  static Map<String, Double> values(List<Observation> observations) {
    return observations.stream()
        .collect(Collectors.toMap(Observation::series, Observation::value, (a, b) -> b));
  }

  @Test
  void countersBecomePerSecondRatesBetweenScrapesAndGaugesStayValues() {
    Counter errors = registry.counter("http.errors", "uri", "/cart", "method", "GET");
    AtomicLong queue = registry.gauge("queue.depth", new AtomicLong(7));
    Scraper s = scraper(target(service.uri("/actuator/prometheus")));
    errors.increment(5);

    Map<String, Double> first = values(s.scrape(T0));
    assertThat(first).doesNotContainKey("shop/http_errors_total{method=\"GET\",uri=\"/cart\"}");
    assertThat(first).containsEntry("shop/queue_depth", 7.0).containsEntry("shop/up", 1.0);

    errors.increment(30);
    queue.set(9);
    Map<String, Double> second = values(s.scrape(T0.plusSeconds(15)));
    assertThat(second)
        .as("labels sorted by name; 30 more in 15 s")
        .containsEntry("shop/http_errors_total{method=\"GET\",uri=\"/cart\"}", 2.0)
        .containsEntry("shop/queue_depth", 9.0);
    assertThat(s.scrape(T0.plusSeconds(15)).stream().map(Observation::project))
        .containsOnly("shop-project");
  }

  @Test
  void aCounterThatWentDownWasResetAndCountsFromZero() {
    Counter c = registry.counter("jobs.done");
    c.increment(100);
    Scraper s = scraper(target(service.uri("/actuator/prometheus")));
    s.scrape(T0);
    PrometheusMeterRegistry restarted = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    restarted.counter("jobs.done").increment(20);
    service.reply(() -> FakeService.Reply.ok(PROMETHEUS, restarted.scrape()));

    assertThat(values(s.scrape(T0.plusSeconds(10)))).containsEntry("shop/jobs_done_total", 2.0);
  }

  @Test
  void timersKeepCountAndSumRatesAndQuantilesAsGauges() {
    Timer t = Timer.builder("checkout").publishPercentiles(0.5, 0.99).register(registry);
    Scraper s = scraper(target(service.uri("/actuator/prometheus")));
    t.record(Duration.ofMillis(100));
    s.scrape(T0);
    for (int i = 0; i < 10; i++) {
      t.record(Duration.ofMillis(200));
    }
    Map<String, Double> v = values(s.scrape(T0.plusSeconds(10)));

    assertThat(v).containsEntry("shop/checkout_seconds_count", 1.0);
    assertThat(v.get("shop/checkout_seconds_sum"))
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(v)
        .containsKeys(
            "shop/checkout_seconds{quantile=\"0.5\"}", "shop/checkout_seconds{quantile=\"0.99\"}");
    assertThat(v.keySet()).noneMatch(k -> k.contains("_bucket"));
  }

  @Test
  void onlyAllowListedMetricsAreKept() {
    registry.counter("a.total");
    registry.gauge("b.gauge", kept(1));
    ScrapeTarget t = target(Duration.ofSeconds(5), Set.of("b_gauge"), 500);

    assertThat(values(scraper(t).scrape(T0)).keySet())
        .containsExactlyInAnyOrder("shop/b_gauge", "shop/up");
  }

  private AtomicLong kept(long value) {
    AtomicLong gauge = new AtomicLong(value);
    gauges.add(gauge);
    return gauge;
  }

  @Test
  void seriesPastTheCapAreDroppedWithOneLogLine() {
    for (int i = 0; i < 10; i++) {
      registry.gauge("g", List.of(io.micrometer.core.instrument.Tag.of("i", "" + i)), kept(i));
    }
    ScrapeTarget t = target(Duration.ofSeconds(5), Set.of(), 4);
    Scraper s = scraper(t);
    List<Observation> first = s.scrape(T0);
    List<Observation> second = s.scrape(T0.plusSeconds(15));

    assertThat(first).hasSize(4 + 1);
    assertThat(values(second).keySet()).isEqualTo(values(first).keySet());
    assertThat(log).hasSize(1);
    assertThat(log.get(0)).contains("maxSeries").contains("shop");
  }

  @Nested
  class AFailedScrape {
    void assertDown(Scraper s, Instant at, String why) {
      List<Observation> out = s.scrape(at);
      assertThat(out).containsExactly(new Observation("shop-project", "shop/up", at, 0, false));
      assertThat(log).last().asString().contains(why);
    }

    @Test
    void isLoggedOncePerStateChangeAndRecordsUpZero() throws Exception {
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      Scraper s = scraper(target(URI.create("http://127.0.0.1:" + closedPort + "/metrics")));
      assertDown(s, T0, "connection refused");
      s.scrape(T0.plusSeconds(15));
      assertThat(log).hasSize(1);
    }

    @Test
    void nonOkStatusGarbageAndTimeoutsAreFailuresAndRecoveryIsLogged() {
      Scraper s = scraper(target(Duration.ofMillis(300), Set.of(), 500));
      service.reply(() -> new FakeService.Reply(503, "text/plain", "down", 0));
      assertDown(s, T0, "HTTP 503");
      service.reply(() -> FakeService.Reply.ok("text/html", "<html><body>Login</body></html>"));
      s.scrape(T0.plusSeconds(1));
      assertThat(log).as("still down: no new line").hasSize(1);

      registry.counter("x").increment();
      service.reply(() -> FakeService.Reply.ok(PROMETHEUS, registry.scrape()));
      assertThat(values(s.scrape(T0.plusSeconds(2)))).containsEntry("shop/up", 1.0);
      assertThat(log).last().asString().contains("works again");

      service.reply(() -> FakeService.Reply.ok("text/html", "<html><body>Login</body></html>"));
      assertDown(s, T0.plusSeconds(3), "no Prometheus samples");
      service.reply(() -> new FakeService.Reply(200, PROMETHEUS, registry.scrape(), 2_000));
      s.scrape(T0.plusSeconds(4)); // still down: no line
      registry.counter("x").increment();
      service.reply(() -> FakeService.Reply.ok(PROMETHEUS, registry.scrape()));
      s.scrape(T0.plusSeconds(5));
      service.reply(() -> new FakeService.Reply(200, PROMETHEUS, registry.scrape(), 2_000));
      assertDown(s, T0.plusSeconds(6), "timed out");
      assertThat(log).hasSize(5);
    }
  }
}
