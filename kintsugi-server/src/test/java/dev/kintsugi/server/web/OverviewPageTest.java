package dev.kintsugi.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overview's numbers against events sent through ingest and heals run by a stand-in healer, at
 * times a test clock sets: each heal ends when the test says, so the median is known in advance.
 */
class OverviewPageTest {
  static final String TOKEN = "overview-page-token";
  static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

  /** A clock the test (and the healer it drives) moves. */
  static final class TestClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** How the next heal ends, and when. */
  record Ending(Instant at, IncidentHealOutcome outcome) {}

  @TempDir Path roots;
  final TestClock clock = new TestClock();
  final AtomicReference<Ending> next = new AtomicReference<>();
  KintsugiServer server;
  WebClient web;
  ServerApi api;

  @BeforeEach
  void start() {
    IncidentHealer healer =
        request -> {
          Ending e = next.getAndSet(null);
          clock.now.set(e.at());
          return e.outcome();
        };
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .port(0)
                .dbUrl("jdbc:h2:mem:overview-" + System.nanoTime())
                .adminToken(TOKEN)
                .repoRoot(roots)
                .clock(clock)
                .build(),
            healer,
            line -> {});
    web = new WebClient(server.port());
    api = new ServerApi(server.port(), TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static IncidentHealOutcome fixed(Optional<String> decision) {
    return new IncidentHealOutcome(
            "fixed",
            "fixed",
            Optional.of("kintsugi/fix"),
            Optional.of("abc1234"),
            Optional.of(0.9),
            true,
            "{}")
        .withDelivery(Optional.empty(), decision, Optional.empty());
  }

  private static IncidentHealOutcome ended(String status) {
    return new IncidentHealOutcome(
        status, status, Optional.empty(), Optional.empty(), Optional.empty(), false, "{}");
  }

  private JsonNode project(String name) throws Exception {
    String repo = Files.createDirectories(roots.resolve(name)).toRealPath().toString();
    var r =
        api.send(
            "POST",
            "/api/v1/projects",
            "{\"name\":\"" + name + "\",\"repo\":\"" + repo + "\",\"autoHeal\":\"off\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return ServerApi.JSON.readTree(r.body());
  }

  private void event(JsonNode project, Instant at, String id, String function) throws Exception {
    clock.now.set(at);
    assertThat(
            api.event(
                project.get("id").asLong(),
                ServerApi.key(project.get("dsn").asText()),
                id.repeat(32),
                function))
        .isEqualTo(200);
  }

  /** The incident of {@code function}'s events (the REST API waits for ingest to store them). */
  private long incident(JsonNode project, String title) throws Exception {
    for (JsonNode i : api.get("/projects/" + project.get("id").asLong() + "/incidents")) {
      if (i.get("culprit").asText().contains(title)) {
        return i.get("id").asLong();
      }
    }
    throw new AssertionError("no incident of " + title);
  }

  /** Heals an incident on request; the heal ends at {@code at} as {@code outcome}. */
  private void heal(long incident, Instant at, IncidentHealOutcome outcome) throws Exception {
    int before = api.get("/incidents/" + incident).get("healingRuns").size();
    next.set(new Ending(at, outcome));
    var r = api.send("POST", "/api/v1/incidents/" + incident + "/heal", "{}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      JsonNode detail = api.get("/incidents/" + incident);
      JsonNode runs = detail.get("healingRuns");
      boolean done = runs.size() == before + 1 && !detail.get("status").asText().equals("healing");
      for (JsonNode run : runs) {
        done &= List.of("fixed", "not_fixed", "error").contains(run.get("status").asText());
      }
      if (done) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("heal of incident " + incident + " did not end: " + detail);
      }
      Thread.sleep(50);
    }
  }

  private static List<Long> chartData(Element canvas, int dataset) throws Exception {
    JsonNode spec = ServerApi.JSON.readTree(canvas.attr("data-chart"));
    List<Long> out = new ArrayList<>();
    spec.at("/data/datasets/" + dataset + "/data").forEach(n -> out.add(n.asLong()));
    return out;
  }

  private static long count(Element root, String css) {
    return Long.parseLong(root.selectFirst(css).text());
  }

  @Test
  void theNumbersAreThoseOfTheEventsAndHealsThatHappened() throws Exception {
    JsonNode shop = project("shop");
    JsonNode quiet = project("quiet");
    event(shop, T0, "1", "charge");
    event(shop, T0.plusSeconds(60), "2", "refund");
    event(shop, T0.plusSeconds(120), "3", "ship");
    event(shop, T0.plusSeconds(150), "4", "charge");
    event(shop, T0.plusSeconds(180), "5", "track");
    long charge = incident(shop, "charge");
    long refund = incident(shop, "refund");
    long ship = incident(shop, "ship");
    long track = incident(shop, "track");

    // Fixed: charge after 12 min, refund after 30 (held for approval), track after 47.
    heal(charge, T0.plus(Duration.ofMinutes(12)), fixed(Optional.empty()));
    heal(refund, T0.plus(Duration.ofMinutes(31)), fixed(Optional.of("require_approval")));
    heal(ship, T0.plus(Duration.ofMinutes(40)), ended("not_fixed"));
    heal(ship, T0.plus(Duration.ofMinutes(41)), ended("error"));
    heal(track, T0.plus(Duration.ofMinutes(50)), fixed(Optional.of("auto_merge")));
    clock.now.set(T0.plus(Duration.ofMinutes(50)).plusSeconds(30));

    web.signIn(TOKEN);
    Document page = web.page("/overview");
    Element overview = page.selectFirst("#overview");
    assertThat(overview.attr("hx-get")).isEqualTo("/ui/overview");
    assertThat(overview.attr("hx-trigger")).contains("sse:changed");

    // The window is 11:51 to 12:50: the events were at 12:00, 12:01, 12:02 (two), 12:03.
    List<Long> perMinute = chartData(overview.selectFirst("canvas#events-per-minute"), 0);
    assertThat(perMinute).hasSize(60);
    assertThat(perMinute.subList(9, 13)).containsExactly(1L, 1L, 2L, 1L);
    assertThat(perMinute.stream().mapToLong(Long::longValue).sum()).isEqualTo(5);

    Element byStatus = overview.selectFirst("#incidents-by-status");
    assertThat(count(byStatus, "li[data-status=open] .count")).isEqualTo(1);
    assertThat(count(byStatus, "li[data-status=fix_proposed] .count")).isEqualTo(2);
    assertThat(count(byStatus, "li[data-status=awaiting_approval] .count")).isEqualTo(1);
    assertThat(byStatus.selectFirst("li[data-status=awaiting_approval]").text())
        .contains("awaiting approval");
    assertThat(count(byStatus, "li[data-status=resolved] .count")).isZero();

    Element outcomes = overview.selectFirst("#heal-outcomes");
    assertThat(count(outcomes, "tr[data-outcome=fixed] td[data-window=7d]")).isEqualTo(3);
    assertThat(count(outcomes, "tr[data-outcome=fixed] td[data-window=all]")).isEqualTo(3);
    assertThat(count(outcomes, "tr[data-outcome=not_fixed] td[data-window=all]")).isEqualTo(1);
    assertThat(count(outcomes, "tr[data-outcome=error] td[data-window=all]")).isEqualTo(1);

    // Fix times 12, 30 and 47 minutes: the median is 30.
    Element median = overview.selectFirst("#median-fix-time");
    assertThat(median.attr("data-seconds")).isEqualTo(Long.toString(30 * 60));
    assertThat(median.attr("data-incidents")).isEqualTo("3");
    assertThat(median.text()).isEqualTo("30 min");
    assertThat(median.parent().text())
        .contains("from its first event to the end of the first heal");

    Element overTime = overview.selectFirst("canvas#over-time");
    assertThat(chartData(overTime, 0)).hasSize(14).endsWith(5L);
    assertThat(chartData(overTime, 1)).endsWith(4L);
    assertThat(chartData(overTime, 2)).endsWith(3L);
    assertThat(overview.selectFirst("#over-time-table tr[data-day=2026-03-10]").text())
        .isEqualTo("2026-03-10 5 4 3");

    // One project at a time: the quiet one has nothing.
    long quietId = quiet.get("id").asLong();
    Document quietPage = web.page("/overview?project=" + quietId);
    assertThat(quietPage.selectFirst("#overview").attr("hx-get"))
        .isEqualTo("/ui/overview?project=" + quietId);
    assertThat(quietPage.selectFirst("#overview-project option[selected]").val())
        .isEqualTo(Long.toString(quietId));
    assertThat(quietPage.selectFirst("#events-per-minute").attr("data-total")).isEqualTo("0");
    assertThat(quietPage.selectFirst("#median-fix-time").attr("data-seconds")).isEqualTo("-1");
    assertThat(count(quietPage, "#heal-outcomes tr[data-outcome=fixed] td[data-window=all]"))
        .isZero();
    assertThat(
            web.page("/overview?project=" + shop.get("id").asLong())
                .selectFirst("#median-fix-time")
                .attr("data-seconds"))
        .isEqualTo("1800");
    assertThat(web.get("/overview?project=abc").statusCode()).isEqualTo(400);
    assertThat(web.get("/overview?project=999").statusCode()).isEqualTo(404);

    // Eight days on: the week's counts and the last hour are empty, all time is not.
    clock.now.set(T0.plus(Duration.ofDays(8)));
    web.signIn(TOKEN); // the session idled out meanwhile
    Document later = Jsoup.parse(web.get("/ui/overview").body());
    assertThat(later.selectFirst("#events-per-minute").attr("data-total")).isEqualTo("0");
    assertThat(count(later, "#heal-outcomes tr[data-outcome=fixed] td[data-window=7d]")).isZero();
    assertThat(count(later, "#heal-outcomes tr[data-outcome=fixed] td[data-window=all]"))
        .isEqualTo(3);
    assertThat(later.selectFirst("#median-fix-time").attr("data-seconds")).isEqualTo("1800");
    assertThat(later.selectFirst("#over-time-table tr[data-day=2026-03-10]").text())
        .isEqualTo("2026-03-10 5 4 3");
    assertThat(chartData(later.selectFirst("#over-time"), 0).get(5)).isEqualTo(5L);
  }

  @Test
  void aHostileProjectNameInTheSelectorRendersAsText() throws Exception {
    String name = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    var r =
        api.send(
            "POST",
            "/api/v1/projects",
            "{\"name\":" + ServerApi.JSON.writeValueAsString(name) + "}");
    long id = ServerApi.JSON.readTree(r.body()).get("id").asLong();
    web.signIn(TOKEN);
    Document page = web.page("/overview?project=" + id);
    assertThat(page.select("script:not([src])")).isEmpty();
    assertThat(page.select("img, [onerror]")).isEmpty();
    assertThat(page.selectFirst("#overview-project option[selected]").text()).isEqualTo(name);
    assertThat(page.title()).contains(name);
    for (Element canvas : page.select("canvas[data-chart]")) {
      assertThat(ServerApi.JSON.readTree(canvas.attr("data-chart")).toString()).doesNotContain("<");
    }
  }
}
