package dev.kintsugi.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.ApprovalOutcome;
import dev.kintsugi.core.incident.FixApproval;
import dev.kintsugi.core.incident.HealSteps;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.store.AutoHeal;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.IncidentStatus;
import dev.kintsugi.server.store.Project;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident page (issue 14) over HTTP, read as a browser's parser would: a real server on H2,
 * events through the ingest endpoint, heals by a stand-in healer that reports stages, audit entries
 * and a report the way kintsugi-heal does.
 */
class IncidentPageTest {
  static final String TOKEN = "incident-page-token";

  @TempDir Path dir;
  KintsugiServer server;
  WebClient web;
  ServerApi api;

  /** What the stand-in healer returns; set by a test before it heals. */
  volatile IncidentHealOutcome outcome;

  /** What the stand-in healer does with an approval, and who it was told approved. */
  volatile ApprovalOutcome approval = ApprovalOutcome.notMerged("merge it yourself");

  volatile String approvedBy;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(boolean healing) throws Exception {
    IncidentHealer healer = healing ? new StandIn() : null;
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .port(0)
                .dbUrl("jdbc:h2:mem:incident-page-" + System.nanoTime())
                .adminToken(TOKEN)
                .build(),
            healer,
            line -> {});
    web = new WebClient(server.port());
    web.signIn(TOKEN);
    api = new ServerApi(server.port(), TOKEN);
  }

  /** Sends one event through ingest; returns its incident once it is stored. */
  private Incident incident(Project project, String eventJson) throws Exception {
    assertThat(api.event(project.id(), project.dsnKey(), eventJson)).isEqualTo(200);
    assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
    return server.store().incidents(project.id(), 1).get(0);
  }

  /** A project that heals only when asked (so a test decides when a run starts). */
  private Project project(boolean withRepository) {
    return server
        .store()
        .createProject(
            "shop",
            withRepository ? Optional.of(dir.toString()) : Optional.empty(),
            List.of("com.acme"),
            AutoHeal.OFF);
  }

  static final String EVENT =
      """
      {"event_id": "0123456789abcdef0123456789abcdef", "level": "error", "platform": "java",
       "release": "shop@1.4.2", "environment": "production",
       "message": "checkout failed for order 42",
       "tags": {"region": "eu-west-1"},
       "exception": {"values": [
         {"type": "NullPointerException", "module": "java.lang",
          "value": "Cannot invoke \\"Customer.discount()\\" because \\"customer\\" is null",
          "stacktrace": {"frames": [
            {"module": "java.lang.Thread", "function": "run", "filename": "Thread.java",
             "lineno": 840, "in_app": false},
            {"module": "com.acme.shop.CheckoutController", "function": "checkout",
             "filename": "CheckoutController.java", "lineno": 31, "in_app": true,
             "vars": {"orderId": 42, "express": true}},
            {"module": "com.acme.shop.PriceCalculator", "function": "total",
             "filename": "PriceCalculator.java", "lineno": 17, "in_app": true,
             "vars": {"cart": {"items": [{"sku": "A-1", "qty": 2}], "coupon": null},
                      "customer": null}}]}},
         {"type": "CheckoutException", "module": "com.acme.shop", "value": "checkout failed",
          "stacktrace": {"frames": [
            {"module": "com.acme.shop.CheckoutController", "function": "checkout",
             "filename": "CheckoutController.java", "lineno": 35, "in_app": true}]}}]}}
      """;

  @Test
  void theLatestEventShowsTheExceptionChainOutermostFirstWithInAppFramesAndTheirArguments()
      throws Exception {
    start(false);
    Incident incident = incident(project(false), EVENT);

    Document page = web.page("/incidents/" + incident.id());

    assertThat(page.selectFirst("#incident-title").text()).isEqualTo(incident.title());
    Element event = page.selectFirst("#latest-event");
    assertThat(event.select(".exception-type").eachText())
        .containsExactly("com.acme.shop.CheckoutException", "java.lang.NullPointerException");
    assertThat(event.text())
        .contains("Caused by")
        .contains("checkout failed for order 42")
        .contains("shop@1.4.2")
        .contains("production")
        .contains("eu-west-1");
    Element cause = event.select(".exception").get(1);
    assertThat(cause.select(".frame .frame-function").eachText())
        .as("most recent call first")
        .containsExactly(
            "com.acme.shop.PriceCalculator.total",
            "com.acme.shop.CheckoutController.checkout",
            "java.lang.Thread.run");
    assertThat(cause.select(".frame.in-app").size()).isEqualTo(2);
    assertThat(cause.select(".frame").last().hasClass("in-app")).isFalse();
    assertThat(cause.selectFirst(".frame .frame-location").text())
        .isEqualTo("PriceCalculator.java:17");

    Elements vars = cause.select(".frame.in-app").first().select(".frame-vars tr");
    assertThat(vars.eachText()).hasSize(2);
    assertThat(vars.get(0).selectFirst("th").text()).isEqualTo("cart");
    assertThat(vars.get(0).selectFirst("td").text())
        .isEqualTo("{\"items\":[{\"sku\":\"A-1\",\"qty\":2}],\"coupon\":null}");
    assertThat(vars.get(1).selectFirst("th").text()).isEqualTo("customer");
    assertThat(vars.get(1).selectFirst("td").text()).isEqualTo("null");
    Elements checkout = cause.select(".frame.in-app").get(1).select(".frame-vars tr");
    assertThat(checkout.eachText()).containsExactly("orderId 42", "express true");

    assertThat(page.select("#timeline .events tbody tr")).hasSize(1);
    assertThat(page.selectFirst("#timeline canvas[data-chart]").attr("data-chart"))
        .startsWith("{\"type\":\"bar\"");
    assertThat(page.select("#heal-runs .heal-run")).isEmpty();
    assertThat(page.select("#audit tr.audit-entry").eachAttr("data-action"))
        .contains("incident.opened");
  }

  @Test
  void hostileEventTextIsShownAsTextAndNeverAsMarkup() throws Exception {
    start(false);
    String script = "<script>alert(1)</script>";
    String img = "<img src=x onerror=alert(2)>";
    String hostile =
        """
        {"event_id": "fedcba9876543210fedcba9876543210", "level": "<b>error</b>",
         "release": "<script>alert('release')</script>", "environment": "javascript:alert(3)",
         "message": {"formatted": "<script>alert(1)</script> javascript:alert(1)"},
         "tags": [["<img src=x onerror=alert(4)>", "<script>alert(5)</script>"]],
         "exception": {"values": [
           {"type": "<img src=x onerror=alert(2)>", "value": "<script>alert(1)</script>",
            "stacktrace": {"frames": [
              {"module": "com.acme.<img src=x onerror=alert(2)>", "function": "<script>x</script>",
               "filename": "javascript:alert(6)", "lineno": "not a number", "in_app": true,
               "vars": {"<script>alert(1)</script>": "<img src=x onerror=alert(2)>",
                        "huge": "%s", "deep": {"a": {"b": {"c": [1, 2, {"d": "<svg onload=x>"}]}}}}},
              "not a frame", 42, null,
              {"function": "lonely", "vars": ["not", "a", "map"]}]}},
           "not an exception"]}}
        """
            .formatted("x".repeat(20_000));
    Incident incident = incident(project(false), hostile);

    HttpResponse<String> r = web.get("/incidents/" + incident.id());
    assertThat(r.statusCode()).isEqualTo(200);
    Document page = Jsoup.parse(r.body());

    assertThat(page.select("script").eachAttr("src"))
        .as("only the layout's own scripts")
        .allMatch(src -> src.startsWith("/webjars/") || src.startsWith("/static/"));
    assertThat(page.select("script:not([src])")).isEmpty();
    assertThat(page.select("img, svg, b")).isEmpty();
    for (Element e : page.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertThat(a.getKey()).as("attribute of <%s>", e.tagName()).doesNotStartWith("on");
        assertThat(a.getValue().toLowerCase()).doesNotStartWith("javascript:");
      }
    }
    Element event = page.selectFirst("#latest-event");
    assertThat(event.text())
        .contains(script)
        .contains(img)
        .contains("javascript:alert(6)")
        .contains("<script>alert('release')</script>")
        .contains("<b>error</b>");
    Element frame = event.selectFirst(".frame.in-app");
    assertThat(frame.selectFirst(".frame-function").text())
        .isEqualTo("com.acme." + img + ".<script>x</script>");
    Elements vars = frame.select(".frame-vars tr");
    assertThat(vars.get(0).selectFirst("th").text()).isEqualTo(script);
    assertThat(vars.get(0).selectFirst("td").text()).isEqualTo(img);
    assertThat(vars.get(1).selectFirst("td").text().length())
        .as("a huge value is cut")
        .isLessThanOrEqualTo(EventView.VALUE_CHARS);
    assertThat(vars.get(2).selectFirst("td").text()).contains("<svg onload=x>");
    assertThat(event.select(".frame")).as("items that are not frames are left out").hasSize(2);
  }

  /** An incident healed (through "heal again") with a fix held for approval; returns its run. */
  private HealRun healed(Incident incident) throws Exception {
    outcome =
        new IncidentHealOutcome(
            "fixed",
            "fixed with template:null-guard (confidence 0.82)",
            Optional.of("kintsugi/fix-npe-total"),
            Optional.of("4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"),
            Optional.of(0.82),
            true,
            REPORT,
            Optional.of(new PullRequestRef("https://github.com/acme/shop/pull/7", 7)),
            Optional.of("require_approval"),
            Optional.empty());
    HttpResponse<String> queued = web.post("/incidents/" + incident.id() + "/heal", Map.of());
    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(303);
    return awaitRun(incident.id(), "fixed");
  }

  @Test
  void aFinishedHealShowsItsStagesReproductionSuspiciousLinesCandidatesFixConfidenceAndPolicy()
      throws Exception {
    start(true);
    Incident incident = incident(project(true), EVENT);
    HealRun run = healed(incident);

    Document page = web.page("/incidents/" + incident.id());

    assertThat(page.selectFirst("#incident-status").text()).isEqualTo("awaiting approval");
    Element shown = page.selectFirst("#heal-runs .heal-run[data-status=fixed]");
    assertThat(shown.attr("data-run")).isEqualTo(Long.toString(run.id()));
    assertThat(shown.select(".stage").eachAttr("data-stage"))
        .containsExactly(
            "start", "reproduce", "localize", "candidates", "gates", "confirm", "deliver", "done");
    assertThat(shown.select(".stage")).allMatch(s -> s.attr("data-ms").matches("\\d+"));
    assertThat(shown.text()).contains("requested from the dashboard by admin");

    Element repro = page.selectFirst("#reproduction-test");
    assertThat(repro.tagName()).isEqualTo("code");
    assertThat(repro.hasClass("language-java")).isTrue();
    assertThat(repro.text()).contains("void totalOfACartWithoutCustomer()");
    assertThat(page.selectFirst("#latest-heal").text())
        .contains("PriceCalculatorReproTest#totalOfACartWithoutCustomer")
        .contains("fails like production")
        .contains("argument customer rebuilt from the event");

    Elements lines = page.select("#suspicious-lines tbody tr");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).text())
        .contains("src/main/java/com/acme/shop/PriceCalculator.java:17")
        .contains("0.91")
        .contains("return customer.discount() * cart.total();");

    Element candidates = page.selectFirst("#candidates");
    assertThat(candidates.text()).contains("5 generated").contains("3 tested");
    assertThat(candidates.select("tr.candidate.refused").text())
        .contains("compiles")
        .contains("cannot find symbol: method discountOrZero()");
    assertThat(candidates.select("tr.candidate.accepted").text()).contains("null-guard");

    Element diff = page.selectFirst("#fix-diff");
    assertThat(diff.tagName()).isEqualTo("code");
    assertThat(diff.hasClass("language-diff")).isTrue();
    assertThat(diff.wholeText()).contains("+    if (customer == null) {");
    assertThat(page.selectFirst("#confidence").text()).contains("0.82");
    assertThat(page.select("#confidence .confidence-part").eachAttr("data-part"))
        .containsExactly("validated", "coverage", "reproduction", "concerns");
    assertThat(page.selectFirst("#confidence .confidence-part.negative").attr("data-part"))
        .isEqualTo("concerns");
    assertThat(page.selectFirst("#policy-decision").attr("data-decision"))
        .isEqualTo("require_approval");
    assertThat(page.selectFirst("#policy-decision").text())
        .contains("confidence 0.82 is below 0.90");
    assertThat(page.selectFirst("#pull-request").attr("href"))
        .isEqualTo("https://github.com/acme/shop/pull/7");
    assertThat(page.selectFirst("#latest-heal").text())
        .contains("kintsugi/fix-npe-total")
        .contains("leaves field coupon@Cart unread")
        .contains("the base branch moved");
    assertThat(page.select("#approve, #reject, #reject-reason")).hasSize(3);
    assertThat(page.select("#audit tr.audit-entry").eachAttr("data-action"))
        .contains("heal.queued", "heal.started", "candidate.refused", "heal.finished");
  }

  @Test
  void approvingAFixMergesItAsTheViewerAndResolvesTheIncident() throws Exception {
    start(true);
    Incident incident = incident(project(true), EVENT);
    HealRun run = healed(incident);
    approval = ApprovalOutcome.merged("pull request #7 merged", "9e8d7c6b5a4f3e2d1c0b");
    String approve = "/incidents/" + incident.id() + "/runs/" + run.id() + "/approve";

    HttpResponse<String> r = htmxPost(approve, Map.of());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Jsoup.parse(r.body()).text()).isEqualTo("Approved: pull request #7 merged");
    assertThat(approvedBy).isEqualTo("admin");
    Document page = web.page("/incidents/" + incident.id());
    assertThat(page.selectFirst("#incident-status").text()).isEqualTo("resolved");
    assertThat(page.selectFirst("#merge-state").text()).startsWith("yes").contains("9e8d7c6b5a");
    assertThat(page.selectFirst("#review-state").attr("data-verdict")).isEqualTo("approved");
    assertThat(page.select("#approve, #reject")).isEmpty();
    assertThat(page.select("#fix-watch")).hasSize(1);
    assertThat(page.select("#audit tr.audit-entry[data-action=heal.reviewed]").text())
        .contains("admin");
    assertThat(htmxPost(approve, Map.of()).statusCode()).as("merged already").isEqualTo(409);
  }

  @Test
  void anApprovalThatCannotMergeSaysWhyAndMayBeGivenAgain() throws Exception {
    start(true);
    Incident incident = incident(project(true), EVENT);
    HealRun run = healed(incident);
    approval = ApprovalOutcome.failed("the fix conflicts with main");

    HttpResponse<String> r =
        htmxPost("/incidents/" + incident.id() + "/runs/" + run.id() + "/approve", Map.of());

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).isEqualTo("Not merged: the fix conflicts with main");
    Document page = web.page("/incidents/" + incident.id());
    assertThat(page.selectFirst("#incident-status").text()).isEqualTo("awaiting approval");
    assertThat(page.select("#approve")).hasSize(1);
  }

  @Test
  void rejectingAFixNeedsAReasonRecordsItAndReopensTheIncident() throws Exception {
    start(true);
    Incident incident = incident(project(true), EVENT);
    HealRun run = healed(incident);
    String reject = "/incidents/" + incident.id() + "/runs/" + run.id() + "/reject";

    assertThat(htmxPost(reject, Map.of("reason", "  ")).statusCode()).isEqualTo(400);
    HttpResponse<String> r = htmxPost(reject, Map.of("reason", "the guard hides a <b>bug</b>"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Jsoup.parse(r.body()).text()).startsWith("Rejected: ");
    Document page = web.page("/incidents/" + incident.id());
    assertThat(page.selectFirst("#incident-status").text()).isEqualTo("open");
    Element review = page.selectFirst("#review-state");
    assertThat(review.attr("data-verdict")).isEqualTo("rejected");
    assertThat(review.text()).contains("admin").contains("the guard hides a <b>bug</b>");
    assertThat(page.select("#approve, #reject, b")).isEmpty();
    assertThat(htmxPost(reject, Map.of("reason", "again")).statusCode()).isEqualTo(409);
    assertThat(htmxPost("/incidents/" + incident.id() + "/runs/987/approve", Map.of()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aReportsHostileTextIsInertAndAPullRequestThatIsNotHttpIsNoLink() throws Exception {
    start(true);
    Project project = project(true);
    Incident incident = incident(project, EVENT);
    String evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    outcome =
        new IncidentHealOutcome(
            "not_fixed",
            evil,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            REPORT
                .replace("could not reproduce", evil)
                .replace("-    return customer", "-    " + evil)
                .replace("\"status\": \"fixed\"", "\"status\": \"not_fixed\""),
            Optional.of(new PullRequestRef("javascript:alert(1)", 3)),
            Optional.empty(),
            Optional.empty());

    web.post("/incidents/" + incident.id() + "/heal", Map.of());
    awaitRun(incident.id(), "not_fixed");
    Document page = web.page("/incidents/" + incident.id());

    assertThat(page.select("script:not([src]), img")).isEmpty();
    assertThat(page.select("a[href^=javascript]")).isEmpty();
    assertThat(page.select("#pull-request")).isEmpty();
    assertThat(page.selectFirst("#latest-heal").text()).contains("pull request #3").contains(evil);
    assertThat(page.selectFirst("#fix-diff").wholeText()).contains(evil);
    assertThat(page.select("#approve")).as("nothing to approve").isEmpty();
  }

  @Test
  void healAgainQueuesARunAsTheViewerAndRefusesWhileOneIsInProgress() throws Exception {
    start(false); // no healer: the run stays queued
    Incident incident = incident(project(true), EVENT);
    String path = "/incidents/" + incident.id() + "/heal";

    HttpResponse<String> first = htmxPost(path, Map.of());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(Jsoup.parse(first.body()).text()).matches("Heal run #\\d+ queued\\.");
    List<HealRun> runs = server.store().healRuns(incident.id());
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).status()).isEqualTo("queued");
    assertThat(runs.get(0).trigger()).hasValue("requested from the dashboard by admin");

    HttpResponse<String> again = htmxPost(path, Map.of());
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("being healed already");
    assertThat(server.store().healRuns(incident.id())).hasSize(1);

    Document page = web.page("/incidents/" + incident.id());
    assertThat(page.selectFirst("#heal-again").hasAttr("disabled")).isTrue();
    assertThat(page.select("#heal-runs .heal-run[data-status=queued]")).hasSize(1);
  }

  @Test
  void healAgainIsRefusedWhenTheProjectHasNoRepository() throws Exception {
    start(false);
    Incident incident = incident(project(false), EVENT);

    HttpResponse<String> r = web.post("/incidents/" + incident.id() + "/heal", Map.of());

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(Jsoup.parse(r.body()).text()).contains("no repository");
    assertThat(server.store().healRuns(incident.id())).isEmpty();
  }

  @Test
  void ignoreMovesTheIncidentRecordsItAndOffersToReopen() throws Exception {
    start(false);
    Incident incident = incident(project(false), EVENT);
    assertThat(web.page("/incidents/" + incident.id()).select("#ignore")).hasSize(1);

    HttpResponse<String> r = web.post("/incidents/" + incident.id() + "/ignore", Map.of());

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/incidents/" + incident.id());
    assertThat(server.store().incident(incident.id()).orElseThrow().status())
        .isEqualTo(IncidentStatus.IGNORED);
    Document page = web.page("/incidents/" + incident.id());
    assertThat(page.selectFirst("#incident-status").text()).isEqualTo("ignored");
    assertThat(page.select("#ignore")).isEmpty();
    assertThat(page.select("#reopen")).hasSize(1);
    assertThat(page.select("#audit tr.audit-entry[data-action=incident.status_changed]").text())
        .contains("ignored");
    assertThat(web.post("/incidents/" + incident.id() + "/ignore", Map.of()).statusCode())
        .isEqualTo(409);

    assertThat(web.post("/incidents/" + incident.id() + "/reopen", Map.of()).statusCode())
        .isEqualTo(303);
    assertThat(server.store().incident(incident.id()).orElseThrow().status())
        .isEqualTo(IncidentStatus.OPEN);
  }

  @Test
  void actionsWithoutTheSessionsCsrfTokenAreRefused() throws Exception {
    start(false);
    Incident incident = incident(project(true), EVENT);

    for (String action : List.of("heal", "ignore", "runs/1/approve", "runs/1/reject")) {
      HttpResponse<String> r =
          web.postRaw("/incidents/" + incident.id() + "/" + action, Map.of(), null, web.base);
      assertThat(r.statusCode()).as(action).isEqualTo(403);
    }
    assertThat(server.store().healRuns(incident.id())).isEmpty();
    assertThat(server.store().incident(incident.id()).orElseThrow().status())
        .isEqualTo(IncidentStatus.OPEN);
  }

  @Test
  void anUnknownIncidentIsANotFoundPage() throws Exception {
    start(false);

    for (String path : List.of("/incidents/987654", "/incidents/abc", "/ui/incidents/5/runs")) {
      HttpResponse<String> r = web.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).contains("no such incident");
    }
  }

  @Test
  void aLivePartAnswersNoContentUntilWhatItShowsChanges() throws Exception {
    start(false);
    Incident incident = incident(project(true), EVENT);
    Document page = web.page("/incidents/" + incident.id());
    String runs = page.selectFirst("#heal-runs").attr("hx-get");
    assertThat(page.selectFirst("#heal-runs").attr("hx-trigger")).isEqualTo("sse:changed");

    assertThat(web.get(runs).statusCode()).isEqualTo(204);

    htmxPost("/incidents/" + incident.id() + "/heal", Map.of());
    HttpResponse<String> changed = web.get(runs);
    assertThat(changed.statusCode()).isEqualTo(200);
    Document part = Jsoup.parse(changed.body());
    assertThat(part.select("#heal-runs .heal-run[data-status=queued]")).hasSize(1);
    assertThat(web.get(part.selectFirst("#heal-runs").attr("hx-get")).statusCode()).isEqualTo(204);
  }

  /** POSTs as htmx does: the CSRF token in a header, and HX-Request. */
  private HttpResponse<String> htmxPost(String path, Map<String, String> form) throws Exception {
    String csrf = web.csrf();
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
    return web.http.send(
        HttpRequest.newBuilder(URI.create(web.base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(WebAuth.CSRF_HEADER, csrf)
            .header("HX-Request", "true")
            .header("Origin", web.base)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HealRun awaitRun(long incident, String status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      List<HealRun> runs = server.store().healRuns(incident);
      if (runs.size() == 1 && runs.get(0).status().equals(status)) {
        return runs.get(0);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out; runs: " + runs);
      }
      Thread.sleep(25);
    }
  }

  /** Heals as kintsugi-heal reports: stages, a verdict per candidate, then the set outcome. */
  private final class StandIn implements IncidentHealer {
    @Override
    public IncidentHealOutcome heal(IncidentHealRequest request) {
      throw new AssertionError("the scheduler passes steps and an audit log");
    }

    @Override
    public IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps, AuditLog audit) {
      steps.step("reproduce", "PriceCalculatorReproTest#totalOfACartWithoutCustomer fails");
      steps.step("localize", "PriceCalculator.java:17 ranked first");
      steps.step("candidates", "5 candidate(s)");
      audit.append(
          AuditRecord.system(
              "candidate.refused",
              "repairer",
              "llm",
              "description",
              "call discountOrZero()",
              "file",
              "src/main/java/com/acme/shop/PriceCalculator.java",
              "gate",
              "compiles",
              "evidence",
              "cannot find symbol: method discountOrZero()"));
      audit.append(
          AuditRecord.system(
              "candidate.accepted",
              "repairer",
              "template:null-guard",
              "description",
              "null-guard customer",
              "file",
              "src/main/java/com/acme/shop/PriceCalculator.java"));
      steps.step("gates", "1 of 3 passed every gate");
      steps.step("confirm", "mvn test passed");
      steps.step("deliver", "pull request #7 opened");
      return outcome;
    }

    @Override
    public ApprovalOutcome approve(FixApproval request, AuditLog audit) {
      approvedBy = request.by();
      return approval;
    }
  }

  static final String REPORT =
      """
      {"status": "fixed", "repo": "/srv/shop", "baseCommit": "1a2b3c4d",
       "branch": "kintsugi/fix-npe-total", "commit": "4f1c2d3e",
       "failingTests": ["com.acme.shop.PriceCalculatorReproTest#totalOfACartWithoutCustomer"],
       "diagnosis": {"summary": "customer may be null at PriceCalculator.java:17",
         "locations": [
           {"file": "src/main/java/com/acme/shop/PriceCalculator.java", "line": 17,
            "score": 0.91, "code": "return customer.discount() * cart.total();"},
           {"file": "src/main/java/com/acme/shop/CheckoutController.java", "line": 31,
            "score": 0.4}]},
       "fix": {"diff": "--- a/src/main/java/com/acme/shop/PriceCalculator.java\\n+++ b/src/main/java/com/acme/shop/PriceCalculator.java\\n@@ -15,3 +15,6 @@\\n   double total(Cart cart, Customer customer) {\\n+    if (customer == null) {\\n+      return cart.total();\\n+    }\\n-    return customer.discount() * cart.total();\\n",
         "files": ["src/main/java/com/acme/shop/PriceCalculator.java"],
         "repairer": "template:null-guard", "confidence": 0.82,
         "explanation": "A cart checked out without a customer has no discount.",
         "concerns": ["leaves field coupon@Cart unread"],
         "alternatives": [{"where": "CheckoutController.java:31", "repairer": "llm",
           "description": "require a customer before checkout", "concerns": []}],
         "confidenceParts": {"validated": 0.4, "coverage": 0.2, "reproduction": 0.25,
           "concerns": -0.03}},
       "candidates": {"generated": 5, "tested": 3, "plausible": 1, "warm": 0,
         "toFirstPlausible": 3},
       "rounds": 1,
       "timingsMs": {"total": 61000, "localize": 900, "generate": 4000, "validate": 30000},
       "warnings": ["the base branch moved while healing"],
       "rejectedBy": {"compiles": 1, "relevant-tests-pass": 1},
       "reproduction": {"test": "PriceCalculatorReproTest#totalOfACartWithoutCustomer",
         "file": "src/test/java/com/acme/shop/PriceCalculatorReproTest.java",
         "confirmed": true,
         "notes": ["argument customer rebuilt from the event", "could not reproduce once"],
         "source": "class PriceCalculatorReproTest {\\n  @Test\\n  void totalOfACartWithoutCustomer() {\\n    new PriceCalculator().total(new Cart(), null);\\n  }\\n}\\n"},
       "policy": {"source": ".kintsugi/policy.yml at 1a2b3c4d", "environment": "production",
         "criticality": "high", "decision": "require_approval",
         "explanation": "confidence 0.82 is below 0.90: a person approves",
         "delivered": "pull request #7 opened, approval required"},
       "pullRequest": {"url": "https://github.com/acme/shop/pull/7", "number": 7}}
      """;
}
