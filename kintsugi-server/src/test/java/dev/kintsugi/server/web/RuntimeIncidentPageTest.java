package dev.kintsugi.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.store.AutoHeal;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.RuntimeIncidentStore;
import dev.kintsugi.server.store.RuntimeIncidentStore.Cause;
import dev.kintsugi.server.store.RuntimeIncidentStore.Trigger;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime incident (issue 15) in the dashboard and to the heal scheduler: a real server on H2,
 * the incident opened and diagnosed through {@link RuntimeIncidentStore} over the database the
 * server shares with its extensions, as the runtime module does.
 */
class RuntimeIncidentPageTest {
  static final String TOKEN = "runtime-page-token";

  @TempDir Path dir;
  KintsugiServer server;
  WebClient web;
  ServerApi api;
  RuntimeIncidentStore runtime;

  /** The incidents the stand-in healer was asked to heal. */
  final Set<Long> healed = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start() throws Exception {
    IncidentHealer healer =
        request -> {
          healed.add(request.incidentId());
          return IncidentHealOutcome.error("stand-in", "{}");
        };
    ServerExtension share =
        new ServerExtension() {
          @Override
          public void start(Javalin app, Context context) {
            runtime = new RuntimeIncidentStore(context.db(), context.clock());
          }

          @Override
          public void close() {}
        };
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .port(0)
                .dbUrl("jdbc:h2:mem:runtime-page-" + System.nanoTime())
                .adminToken(TOKEN)
                .build(),
            healer,
            1,
            line -> {},
            List.of(share));
    web = new WebClient(server.port());
    web.signIn(TOKEN);
    api = new ServerApi(server.port(), TOKEN);
  }

  /** A project that heals every new incident on its own. */
  private Project project() {
    return server
        .store()
        .createProject("shop", Optional.of(dir.toString()), List.of("com.acme"), AutoHeal.ON_NEW);
  }

  private long opened(Project project, String subject, String description) {
    return runtime
        .open(
            project.id(),
            "Anomaly on " + subject,
            new Trigger("anomaly", subject, description, Instant.now().minusSeconds(30)))
        .incidentId();
  }

  @Test
  void theIncidentPageShowsTheTriggerAndTheRankedCausesAndNoHealActions() throws Exception {
    start();
    Project project = project();
    long id = opened(project, "shop/http_errors", "anomaly on shop/http_errors: value 35");
    runtime.diagnosed(
        id,
        List.of(
            new Cause(
                1, "release", "1.4.2", 0.953, "release 1.4.2 first seen 3 min before the onset"),
            new Cause(
                2,
                "series",
                "shop/db_pool_active",
                0.88,
                "shop/db_pool_active rose 40 s earlier than shop/http_errors; Granger F=12.3 p=0.001 (lag 2)"),
            new Cause(
                3, "incident", "#7", 0.5, "incident #7 (Boom) first seen 40 s before the onset")));

    Document page = web.page("/incidents/" + id);

    assertThat(page.selectFirst("#incident-kind").text()).isEqualTo("Runtime incident");
    assertThat(page.selectFirst("#runtime-h").text()).isEqualTo("Runtime incident");
    Element trigger = page.selectFirst("#runtime-trigger");
    assertThat(trigger.attr("data-signal")).isEqualTo("anomaly");
    assertThat(trigger.text()).contains("shop/http_errors").contains("value 35");
    List<Element> rows = page.select("#suspected-causes tr.cause");
    assertThat(rows).extracting(r -> r.attr("data-rank")).containsExactly("1", "2", "3");
    assertThat(rows.get(0).selectFirst(".cause-kind").text()).isEqualTo("release");
    assertThat(rows.get(0).selectFirst(".cause-subject").text()).isEqualTo("1.4.2");
    assertThat(rows.get(0).selectFirst(".cause-score").text()).isEqualTo("0.95");
    assertThat(rows.get(0).selectFirst(".cause-evidence").text())
        .isEqualTo("release 1.4.2 first seen 3 min before the onset");
    assertThat(rows.get(1).selectFirst(".cause-evidence").text()).contains("Granger F=12.3");
    assertThat(rows.get(2).selectFirst(".cause-subject a").attr("href")).isEqualTo("/incidents/7");
    assertThat(page.select("#heal-again, form[action$=/heal]")).as("no heal actions").isEmpty();
    assertThat(page.selectFirst("#heal-blocked").text()).contains("Runbooks act on");
    assertThat(page.select("#latest-event, #timeline, #heal-runs")).isEmpty();
    assertThat(page.select("#audit tr.audit-entry").eachAttr("data-action"))
        .contains("runtime.opened", "runtime.diagnosed");

    Document list = web.page("/");
    assertThat(list.text())
        .as("listed like other incidents")
        .contains("Anomaly on shop/http_errors");
    assertThat(list.select("a[href=/incidents/" + id + "]")).isNotEmpty();
  }

  @Test
  void anUndiagnosedAndAResolvedIncidentSayWhereTheyStand() throws Exception {
    start();
    Project project = project();
    long id = opened(project, "shop/latency", "anomaly on shop/latency");

    assertThat(web.page("/incidents/" + id).selectFirst("#no-diagnosis").text())
        .isEqualTo("Not diagnosed yet.");

    runtime.diagnosed(id, List.of());
    runtime.resolve(id, Instant.now(), "latency back to normal");
    Document page = web.page("/incidents/" + id);
    assertThat(page.select("#no-causes")).hasSize(1);
    assertThat(page.select("#runtime-resolved")).hasSize(1);
    assertThat(page.selectFirst("#incident-status").text()).isEqualTo("resolved");
  }

  @Test
  void hostileSignalAndEvidenceTextIsShownAsTextAndNeverAsMarkup() throws Exception {
    start();
    Project project = project();
    String script = "<script>alert(1)</script>";
    String img = "<img src=x onerror=alert(2)>";
    long id = opened(project, "shop/" + script, "anomaly " + img);
    runtime.diagnosed(
        id,
        List.of(
            new Cause(1, "series", "javascript:alert(3)", 0.5, img + " rose"),
            new Cause(2, "incident", "#1\"><b>x</b>", 0.4, script)));

    HttpResponse<String> r = web.get("/incidents/" + id);
    assertThat(r.statusCode()).isEqualTo(200);
    Document page = org.jsoup.Jsoup.parse(r.body());

    assertThat(page.select("script:not([src]), img, b")).isEmpty();
    for (Element e : page.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertThat(a.getKey()).as("attribute of <%s>", e.tagName()).doesNotStartWith("on");
        assertThat(a.getValue().toLowerCase()).doesNotStartWith("javascript:");
      }
    }
    assertThat(page.selectFirst("#runtime-trigger").text()).contains(script).contains(img);
    assertThat(page.select("#suspected-causes .cause-evidence").eachText())
        .containsExactly(img + " rose", script);
    assertThat(page.select("#suspected-causes a")).as("not an incident number: no link").isEmpty();
  }

  @Test
  void theHealSchedulerAndHealAgainNeverPickARuntimeIncident() throws Exception {
    start();
    Project project = project();
    long runtimeId = opened(project, "shop/http_errors", "anomaly");
    // Seen twice: were it healable, it would be due at once (no wait for a second event).
    assertThat(opened(project, "shop/http_errors", "anomaly")).isEqualTo(runtimeId);
    // An error incident of the same project, opened after it and seen twice (a new incident seen
    // once waits for a second event): healed on its own.
    for (String eventId :
        List.of("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210")) {
      assertThat(api.event(project.id(), project.dsnKey(), eventId, "run")).isEqualTo(200);
    }
    assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
    Incident error =
        server.store().incidents(project.id(), 10).stream()
            .filter(Incident::healable)
            .findFirst()
            .orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!healed.contains(error.id()) && System.nanoTime() < deadline) {
      Thread.sleep(25);
    }
    assertThat(healed).as("the error incident was healed").contains(error.id());

    HttpResponse<String> dashboard = web.post("/incidents/" + runtimeId + "/heal", Map.of());
    HttpResponse<String> rest = api.send("POST", "/api/v1/incidents/" + runtimeId + "/heal", "{}");

    assertThat(dashboard.statusCode()).isEqualTo(409);
    assertThat(dashboard.body()).contains("runtime incident");
    assertThat(rest.statusCode()).isEqualTo(409);
    assertThat(rest.body()).contains("runtime incident");
    assertThat(healed).doesNotContain(runtimeId);
    assertThat(server.store().healRuns(runtimeId)).isEmpty();
    assertThat(api.get("/incidents/" + runtimeId).get("kind").asText()).isEqualTo("runtime");
  }
}
