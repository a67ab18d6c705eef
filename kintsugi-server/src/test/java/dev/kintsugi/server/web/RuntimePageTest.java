package dev.kintsugi.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.RuntimeApprovals;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.store.AutoHeal;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.RunbookRunRows;
import dev.kintsugi.server.store.RunbookRunsView;
import dev.kintsugi.server.store.RuntimeIncidentStore;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A project's runbook runs in the dashboard (issue 15): a real server on H2, the runs written into
 * {@code runbook_run} as the runtime module writes them, and decisions carried out by a stand-in
 * for the runtime's {@link RuntimeApprovals}, registered through the extension context as the
 * runtime registers its own.
 */
class RuntimePageTest {
  static final String TOKEN = "runtime-ui-token";
  static final Instant T0 = Instant.now().minusSeconds(3600);

  KintsugiServer server;
  WebClient web;
  Database db;
  RuntimeIncidentStore incidents;
  Project shop;

  /** The decisions the stand-in was asked to carry out: "approve 3 admin", "reject 3 admin why". */
  final List<String> decisions = new CopyOnWriteArrayList<>();

  /** Carries out decisions as the runtime would: a run awaiting approval goes ahead or ends. */
  final RuntimeApprovals standIn =
      new RuntimeApprovals() {
        @Override
        public boolean approve(long run, String who) {
          decisions.add("approve " + run + " " + who);
          return decide(run, "recovered");
        }

        @Override
        public boolean reject(long run, String who, String reason) {
          decisions.add("reject " + run + " " + who + " " + reason);
          return decide(run, "rejected");
        }

        private boolean decide(long run, String outcome) {
          boolean waiting =
              new RunbookRunsView(db)
                  .run(run)
                  .filter(RunbookRunsView.Run::awaitsApproval)
                  .isPresent();
          if (waiting) {
            RunbookRunRows.finish(db, run, outcome);
          }
          return waiting;
        }
      };

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Starts the server; with {@code approvals} the "runtime" registers its decisions. */
  private void start(boolean approvals) throws Exception {
    ServerExtension runtime =
        new ServerExtension() {
          @Override
          public void start(Javalin app, Context context) {
            db = context.db();
            incidents = new RuntimeIncidentStore(context.db(), context.clock());
            if (approvals) {
              context.approvals().accept(standIn);
            }
          }

          @Override
          public void close() {}
        };
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .port(0)
                .dbUrl("jdbc:h2:mem:runtime-ui-" + System.nanoTime())
                .adminToken(TOKEN)
                .build(),
            null,
            1,
            line -> {},
            List.of(runtime));
    web = new WebClient(server.port());
    web.signIn(TOKEN);
    shop = server.store().createProject("shop", Optional.empty(), List.of(), AutoHeal.OFF);
  }

  private long run(
      String runbook,
      String signal,
      String state,
      String outcome,
      Integer acted,
      Integer recovered) {
    return RunbookRunRows.run(
        db,
        "shop",
        runbook,
        signal,
        null,
        state,
        outcome,
        false,
        T0,
        acted == null ? null : T0.plusSeconds(acted),
        recovered == null ? null : T0.plusSeconds(recovered));
  }

  private long awaiting(String signal) {
    return run("restart-shop", signal, "awaiting_approval", null, null, null);
  }

  @Test
  void theRuntimePageShowsTimeToRecoverPerRunbookAndTheRunsWithTheirSteps() throws Exception {
    start(true);
    long fast = run("restart-shop", "check shop failing", "done", "recovered", 5, 20);
    RunbookRunRows.step(
        db, fast, 1, "restart", "restart shop", "done", "exit 0", T0.plusSeconds(4));
    run("restart-shop", "check shop failing", "done", "recovered", 5, 40);
    run("restart-shop", "check shop failing", "done", "escalated", 5, null);
    run("restart-shop", "check shop failing", "done", "refused", null, null);
    RunbookRunRows.run(
        db, "shop", "restart-shop", "x", null, "done", "dry_run", true, T0, null, null);
    long waiting = awaiting("check shop failing");
    RunbookRunRows.run(
        db, "other", "other-book", "x", null, "done", "recovered", false, T0, T0, T0);

    Document project = web.page("/projects/" + shop.id());
    assertThat(project.selectFirst("#runtime-awaiting").text()).isEqualTo("1 awaiting approval");
    Document page = web.page(project.selectFirst("#project-runtime-link").attr("href"));

    assertThat(page.selectFirst("#runtime").attr("hx-trigger")).isEqualTo("sse:changed");
    assertThat(page.select("#mttr tr.mttr-row").eachAttr("data-runbook"))
        .containsExactly("restart-shop");
    Element mttr = page.selectFirst("#mttr tr.mttr-row");
    assertThat(mttr.selectFirst(".mttr-runs").text())
        .as("dry and refused runs not counted")
        .isEqualTo("3");
    assertThat(mttr.selectFirst(".mttr-share").text()).isEqualTo("67% (2)");
    assertThat(mttr.selectFirst(".mttr-act").text()).isEqualTo("5 s");
    assertThat(mttr.selectFirst(".mttr-median").text()).isEqualTo("30 s");
    assertThat(mttr.selectFirst(".mttr-p90").text()).isEqualTo("40 s");

    List<Element> runs = page.select("li.runbook-run");
    assertThat(runs)
        .hasSize(6)
        .first()
        .satisfies(r -> assertThat(r.attr("data-run")).isEqualTo(String.valueOf(waiting)));
    Element recovered = page.selectFirst("li.runbook-run[data-run=" + fast + "]");
    assertThat(recovered.attr("data-outcome")).isEqualTo("recovered");
    assertThat(recovered.selectFirst(".run-to-recover").text()).isEqualTo("20 s");
    assertThat(recovered.selectFirst(".run-step").text())
        .contains("restart shop")
        .contains("exit 0");
    assertThat(page.select("li.runbook-run .approve-run")).as("only the waiting run").hasSize(1);
    assertThat(
            page.selectFirst(
                    "li.runbook-run[data-run="
                        + waiting
                        + "] form[action$=/reject] input[name=reason]")
                .hasAttr("required"))
        .isTrue();
    assertThat(page.text()).doesNotContain("other-book");
  }

  @Test
  void aProjectWithoutRunsHasNoRuntimeSection() throws Exception {
    start(true);

    assertThat(web.page("/projects/" + shop.id()).select("#project-runtime")).isEmpty();
    assertThat(web.page("/projects/" + shop.id() + "/runtime").select("#no-runbook-runs"))
        .hasSize(1);
  }

  @Test
  void approveAndRejectGoThroughTheRuntimesApprovals() throws Exception {
    start(true);
    long first = awaiting("check shop failing");
    long second = awaiting("check shop failing");
    String base = "/projects/" + shop.id() + "/runtime/runs/";

    HttpResponse<String> approved = web.post(base + first + "/approve", Map.of());
    HttpResponse<String> noReason = web.post(base + second + "/reject", Map.of("reason", "  "));
    HttpResponse<String> rejected =
        web.post(base + second + "/reject", Map.of("reason", "not now"));
    HttpResponse<String> again = web.post(base + first + "/approve", Map.of());

    assertThat(approved.statusCode()).isEqualTo(303);
    assertThat(approved.headers().firstValue("Location"))
        .contains("/projects/" + shop.id() + "/runtime");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(rejected.statusCode()).isEqualTo(303);
    assertThat(again.statusCode()).as("awaits no approval any more").isEqualTo(409);
    assertThat(decisions)
        .containsExactly(
            "approve " + first + " admin",
            "reject " + second + " admin not now",
            "approve " + first + " admin");
    Document page = web.page("/projects/" + shop.id() + "/runtime");
    assertThat(page.select("li.runbook-run").eachAttr("data-outcome"))
        .containsExactly("rejected", "recovered");
    assertThat(page.select(".approve-run")).isEmpty();
  }

  @Test
  void decisionsWithoutTheSessionsCsrfTokenOrOnAnotherProjectsRunAreRefused() throws Exception {
    start(true);
    long run = awaiting("check shop failing");
    Project other =
        server.store().createProject("other", Optional.empty(), List.of(), AutoHeal.OFF);
    String path = "/projects/" + shop.id() + "/runtime/runs/" + run;

    for (String action : List.of("/approve", "/reject")) {
      HttpResponse<String> r = web.postRaw(path + action, Map.of("reason", "x"), null, web.base);
      assertThat(r.statusCode()).as(action).isEqualTo(403);
      HttpResponse<String> forged =
          web.postRaw(path + action, Map.of("reason", "x"), "forged", web.base);
      assertThat(forged.statusCode()).as(action).isEqualTo(403);
    }
    assertThat(
            web.post("/projects/" + other.id() + "/runtime/runs/" + run + "/approve", Map.of())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            web.post("/projects/" + shop.id() + "/runtime/runs/99999/approve", Map.of())
                .statusCode())
        .isEqualTo(404);
    assertThat(decisions).isEmpty();
  }

  @Test
  void withoutTheRuntimeRunsAreShownReadOnly() throws Exception {
    start(false);
    long run = awaiting("check shop failing");

    Document page = web.page("/projects/" + shop.id() + "/runtime");
    HttpResponse<String> r =
        web.post("/projects/" + shop.id() + "/runtime/runs/" + run + "/approve", Map.of());

    assertThat(page.select("li.runbook-run")).hasSize(1);
    assertThat(page.select(".approve-run, .reject-run")).isEmpty();
    assertThat(page.select("#runs-read-only")).hasSize(1);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("does not run in this server");
  }

  @Test
  void aRuntimeIncidentsPageListsTheRunsThatActedOnIt() throws Exception {
    start(true);
    long incident =
        incidents
            .open(
                shop.id(),
                "Health check shop failing",
                new RuntimeIncidentStore.Trigger("health", "shop", "check shop failing", T0))
            .incidentId();
    long ours =
        RunbookRunRows.run(
            db,
            "shop",
            "restart-shop",
            "check shop failing",
            incident,
            "awaiting_approval",
            null,
            false,
            T0,
            null,
            null);
    awaiting("another signal");

    Document page = web.page("/incidents/" + incident);

    assertThat(page.select("#runtime li.runbook-run").eachAttr("data-run"))
        .containsExactly(String.valueOf(ours));
    assertThat(page.selectFirst("#runtime li.runbook-run form[action$=/approve]").attr("action"))
        .isEqualTo("/projects/" + shop.id() + "/runtime/runs/" + ours + "/approve");
    assertThat(
            web.post("/projects/" + shop.id() + "/runtime/runs/" + ours + "/approve", Map.of())
                .statusCode())
        .isEqualTo(303);
    assertThat(
            web.page("/incidents/" + incident)
                .selectFirst("#runtime li.runbook-run")
                .attr("data-outcome"))
        .isEqualTo("recovered");
  }

  @Test
  void hostileSignalAndStepTextIsShownAsTextAndNeverAsMarkup() throws Exception {
    start(true);
    String script = "<script>alert(1)</script>";
    String img = "<img src=x onerror=alert(2)>";
    long run = awaiting("alert " + script + " firing");
    RunbookRunRows.step(db, run, 1, "http", img, "done", "\"><b>x</b> javascript:alert(3)", T0);

    HttpResponse<String> r = web.get("/projects/" + shop.id() + "/runtime");
    assertThat(r.statusCode()).isEqualTo(200);
    Document page = Jsoup.parse(r.body());

    assertThat(page.select("script:not([src]), img, b")).isEmpty();
    for (Element e : page.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertThat(a.getKey()).as("attribute of <%s>", e.tagName()).doesNotStartWith("on");
        assertThat(a.getValue().toLowerCase()).doesNotStartWith("javascript:");
      }
    }
    assertThat(page.selectFirst(".run-signal-text").text())
        .isEqualTo("alert " + script + " firing");
    assertThat(page.selectFirst(".run-step").text()).contains(img).contains("<b>x</b>");
  }

  @Test
  void theLivePartAnswersNoContentUntilARunChanges() throws Exception {
    start(true);
    long run = awaiting("check shop failing");
    String src =
        web.page("/projects/" + shop.id() + "/runtime").selectFirst("#runtime").attr("hx-get");

    assertThat(web.get(src).statusCode()).isEqualTo(204);

    RunbookRunRows.finish(db, run, "rejected");
    HttpResponse<String> changed = web.get(src);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(Jsoup.parse(changed.body()).selectFirst("li.runbook-run").attr("data-outcome"))
        .isEqualTo("rejected");
  }
}
