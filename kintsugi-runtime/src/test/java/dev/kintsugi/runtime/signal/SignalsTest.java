package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.runtime.MovingClock;
import dev.kintsugi.runtime.detect.Detector;
import dev.kintsugi.runtime.detect.MultiSeriesDetector;
import dev.kintsugi.server.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalsTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  /** Scores 1 above 10, else 0; refuses points out of order, as detectors do. */
  static final class AboveTen implements Detector {
    private Instant last;

    @Override
    public String name() {
      return "above-ten";
    }

    @Override
    public double score(Instant at, double value) {
      if (last != null && !at.isAfter(last)) {
        throw new IllegalArgumentException("out of order");
      }
      last = at;
      return value > 10 ? 1 : 0;
    }
  }

  @TempDir Path dir;
  Database db;
  MovingClock clock = new MovingClock(T0);
  PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  AtomicLong depth = registry.gauge("queue.depth", new AtomicLong(1));
  FakeService service;
  ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  final List<RuntimeSignal> signals = new CopyOnWriteArrayList<>();
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
    service =
        new FakeService(
            "/metrics", () -> FakeService.Reply.ok(ScraperTest.PROMETHEUS, registry.scrape()));
  }

  @AfterEach
  void close() {
    executor.shutdownNow();
    service.close();
    db.close();
  }

  Signals signals(List<ScrapeTarget> targets, List<HealthCheck> checks) {
    Signals.Settings s = Signals.Settings.of(targets, checks);
    return new Signals(
        new Signals.Settings(
            s.scrape(),
            s.checks(),
            Optional.of("shop"),
            0.5,
            s.retention(),
            100,
            s.incidentWindow()),
        db,
        clock,
        executor,
        AboveTen::new,
        signals::add,
        log::add);
  }

  @Test
  void anAnomalyIsSignalledOncePerExcursionAndEveryPointIsStoredWithItsScore() {
    Signals s =
        signals(List.of(ScrapeTarget.of("shop", "shop", service.uri("/metrics"))), List.of());
    for (long v : new long[] {1, 50, 60, 2, 70}) {
      depth.set(v);
      s.scrape("shop");
      clock.advance(Duration.ofSeconds(15));
    }

    assertThat(signals)
        .containsExactly(
            new RuntimeSignal.Anomaly("shop", "shop/queue_depth", T0.plusSeconds(15), 50, 1),
            new RuntimeSignal.Anomaly("shop", "shop/queue_depth", T0.plusSeconds(60), 70, 1));
    assertThat(s.series().range("shop", "shop/queue_depth", T0, clock.instant()))
        .extracting(SeriesStore.Point::score)
        .containsExactly(
            OptionalDouble.of(0),
            OptionalDouble.of(1),
            OptionalDouble.of(1),
            OptionalDouble.of(0),
            OptionalDouble.of(1));
    assertThat(s.series().range("shop", "shop/up", T0, clock.instant()))
        .as("up is stored, not scored")
        .allMatch(p -> p.value() == 1 && p.score().isEmpty())
        .hasSize(5);
    assertThat(s.latestScore("shop", "shop/queue_depth", T0.plusSeconds(45))).hasValue(1);
    assertThat(s.latestScore("shop", "shop/queue_depth", T0.plusSeconds(60))).isEmpty();
  }

  /** Scores 1 when every series of the tick is above 10, else 0. */
  static final class AllAboveTen implements MultiSeriesDetector {
    private final int dimensions;

    AllAboveTen(int dimensions) {
      this.dimensions = dimensions;
    }

    @Override
    public String name() {
      return "all-above-ten";
    }

    @Override
    public int dimensions() {
      return dimensions;
    }

    @Override
    public double score(Instant at, double[] values) {
      return java.util.Arrays.stream(values).allMatch(v -> v > 10) ? 1 : 0;
    }
  }

  @Test
  void aTargetsSeriesScoredTogetherSignalAJointAnomalyOncePerExcursion() {
    AtomicLong jobs = registry.gauge("jobs.running", new AtomicLong(1));
    Signals s =
        signals(List.of(ScrapeTarget.of("shop", "shop", service.uri("/metrics"))), List.of())
            .jointly(AllAboveTen::new, 0.7);
    long[][] ticks = {{1, 1}, {50, 1}, {50, 50}, {60, 60}, {1, 60}, {70, 70}};
    for (long[] tick : ticks) {
      depth.set(tick[0]);
      jobs.set(tick[1]);
      s.scrape("shop");
      clock.advance(Duration.ofSeconds(15));
    }

    assertThat(signals)
        .filteredOn(x -> x instanceof RuntimeSignal.Anomaly a && a.series().equals("shop/*"))
        .extracting(RuntimeSignal::at)
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(75));
    assertThat(s.series().range("shop", "shop/*", T0, clock.instant()))
        .extracting(SeriesStore.Point::value)
        .containsExactly(0.0, 0.0, 1.0, 1.0, 0.0, 1.0);
  }

  @Test
  void healthChecksSignalCrossingsAndRecordTheirSeries() throws Exception {
    ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int port = open.getLocalPort();
    HealthCheck tcp =
        new HealthCheck(
            "port",
            "shop",
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            2,
            1,
            new HealthCheck.Tcp("127.0.0.1", port));
    Signals s = signals(List.of(), List.of(tcp));
    assertThat(s.healthy("shop", "port")).isEmpty();

    s.check("port");
    assertThat(s.healthy("shop", "port")).contains(true);
    open.close();
    clock.advance(Duration.ofSeconds(10));
    s.check("port");
    assertThat(s.healthy("shop", "port")).as("one failure of two").contains(true);
    clock.advance(Duration.ofSeconds(10));
    s.check("port");

    assertThat(s.healthy("shop", "port")).contains(false);
    assertThat(s.healthy("other", "port")).isEmpty();
    assertThat(signals).hasSize(2);
    assertThat(signals.get(0))
        .isEqualTo(
            new RuntimeSignal.Health(
                "shop", "port", T0, true, 1, "connected to 127.0.0.1:" + port));
    RuntimeSignal.Health down = (RuntimeSignal.Health) signals.get(1);
    assertThat(down.healthy()).isFalse();
    assertThat(down.consecutive()).isEqualTo(2);
    assertThat(down.at()).isEqualTo(T0.plusSeconds(20));
    assertThat(s.series().range("shop", "health/port", T0, T0.plusSeconds(21)))
        .extracting(SeriesStore.Point::value)
        .containsExactly(1.0, 0.0, 0.0);
    assertThat(s.series().range("shop", "health/port/latency_seconds", T0, T0.plusSeconds(21)))
        .hasSize(3);
  }

  @Test
  void startedItScrapesOnTheExecutorUntilClosed() throws Exception {
    ScrapeTarget fast =
        new ScrapeTarget(
            "shop",
            "shop",
            service.uri("/metrics"),
            Duration.ofMillis(50),
            Duration.ofMillis(50),
            Set.of(),
            100);
    Signals s = signals(List.of(fast), List.of());
    s.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (s.series().range("shop", "shop/up", T0, T0.plusSeconds(1)).size() < 3
        && System.nanoTime() < deadline) {
      clock.advance(Duration.ofMillis(1));
      Thread.sleep(20);
    }
    s.close();
    int scraped = s.series().range("shop", "shop/up", T0, T0.plusSeconds(100)).size();
    assertThat(scraped).isGreaterThanOrEqualTo(3);
    Thread.sleep(200);
    assertThat(s.series().range("shop", "shop/up", T0, T0.plusSeconds(100))).hasSize(scraped);
  }

  @Test
  void theWebhookIsRegisteredAndItsAlertsAreState() throws Exception {
    Signals s = signals(List.of(), List.of());
    io.javalin.Javalin app = io.javalin.Javalin.create();
    s.register(app);
    app.start("127.0.0.1", 0);
    try {
      var r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:" + app.port() + AlertmanagerWebhook.PATH))
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              AlertmanagerWebhookTest.FIRING))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(s.firing("shop", "HighErrorRate")).isTrue();
      assertThat(s.firing("shop", "DiskFilling")).as("default project").isTrue();
      assertThat(signals).extracting(RuntimeSignal::kind).containsExactly("alert", "alert");
    } finally {
      app.stop();
    }
  }
}
