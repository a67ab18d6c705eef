package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.core.incident.RevertOutcome;
import dev.kintsugi.core.incident.RevertRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's side of delivering pull requests and of watching fixes after release, over HTTP with
 * a real database and a real webhook receiver. The healer is a recording stand-in (what a release
 * contains and how a revert goes are {@code kintsugi-heal}'s, tested there and end to end in {@code
 * kintsugi-cli}): here, release {@code 2.0} contains every fix and no other release does.
 */
class DeliveryAndWatchApiTest {

  static final String FIX = "f1f1f1f1f1f1f1f1";
  static final String MERGE = "e0e0e0e0e0e0e0e0";

  @TempDir Path dir;
  private KintsugiServer server;
  private HealingServer running;
  private List<JsonNode> notifications;
  private final List<IncidentHealRequest> heals = new CopyOnWriteArrayList<>();
  private final List<String> containsAsked = new CopyOnWriteArrayList<>();
  private final List<RevertRequest> reverts = new CopyOnWriteArrayList<>();
  private final AtomicBoolean forgeToken = new AtomicBoolean();
  private volatile Optional<String> healMerges = Optional.empty();

  private final IncidentHealer healer =
      new IncidentHealer() {
        @Override
        public IncidentHealOutcome heal(IncidentHealRequest request) {
          heals.add(request);
          return new IncidentHealOutcome(
                  "fixed",
                  "fixed with template:off-by-one",
                  Optional.of("kintsugi/fix-f1f1f1f1"),
                  Optional.of(FIX),
                  Optional.of(0.8),
                  true,
                  "{\"status\":\"fixed\",\"fix\":{\"files\":[\"Cart.java\"]}}")
              .withDelivery(
                  Optional.of(new PullRequestRef("https://git.example/acme/shop/pulls/4", 4)),
                  Optional.of(healMerges.isPresent() ? "auto_merge" : "require_approval"),
                  healMerges);
        }

        @Override
        public boolean opensPullRequests() {
          return forgeToken.get();
        }

        @Override
        public boolean contains(
            String repository, String release, List<String> commits, List<String> trusted) {
          containsAsked.add(release + " " + commits);
          return release.equals("2.0");
        }

        @Override
        public RevertOutcome revert(RevertRequest request, AuditLog audit) {
          reverts.add(request);
          audit.append(
              AuditRecord.system("fix.reverted", "fixCommit", request.fixCommit(), "branch", "r"));
          return new RevertOutcome(
              true,
              "reverted " + request.fixCommit() + ": pull request #5 opened",
              Optional.of("kintsugi/revert-f1f1f1f1f1f1"),
              Optional.of("abababab"),
              Optional.of(new PullRequestRef("https://git.example/acme/shop/pulls/5", 5)),
              "recorded as regressed in the fix ledger: template fixes now 0 kept, 1 failed");
        }
      };

  @BeforeEach
  void start() throws IOException {
    running = new HealingServer(dir, healer);
    server = running.server;
    notifications = running.notifications;
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  private ServerFixture api() {
    return new ServerFixture(server.port());
  }

  private JsonNode project(ServerFixture api) throws Exception {
    String repo = Files.createDirectories(dir.resolve("shop")).toRealPath().toString();
    JsonNode p =
        api.createProjectWith(
            "{\"name\":\"shop\",\"repo\":\""
                + repo
                + "\",\"inAppPrefixes\":[\"com.acme\"],\"autoHeal\":\"new\"}");
    var r =
        api.send(
            "PUT",
            "/api/v1/projects/" + p.get("id").asLong() + "/heal-policy",
            "{\"minFrameEvents\":1}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return p;
  }

  private static void event(ServerFixture api, JsonNode p, int n, String release) throws Exception {
    var r =
        api.postEnvelope(
            p.get("id").asLong(),
            ServerFixture.key(p),
            ServerFixture.envelope(
                    String.format("%032x", n), "IllegalStateException", "total", release)
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static JsonNode get(ServerFixture api, String path) {
    try {
      return api.getJson(path);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String delivery(JsonNode p) {
    return "/api/v1/projects/" + p.get("id").asLong() + "/delivery";
  }

  @Test
  void deliverySettingsAreSetReadBackAndGivenToTheHealAndBadOnesAreRefusedByName()
      throws Exception {
    ServerFixture api = api();
    JsonNode p = project(api);
    JsonNode initial = api.getJson(delivery(p));
    assertThat(initial.get("mode").asText()).isEqualTo("branch");
    assertThat(initial.get("forgeToken").asText()).isEqualTo("missing");

    String pr =
        "{\"mode\":\"pr\",\"forge\":\"gitea\",\"forgeUrl\":\"https://git.example/api/v1/\","
            + "\"forgeRepo\":\"acme/shop\",\"base\":\"main\",\"criticality\":\"critical\","
            + "\"policy\":\"thresholds:\\n  production:\\n    critical: { autoMerge: 0.97,"
            + " requireApproval: 0.5 }\\n\"}";
    HttpResponse<String> noToken = api.send("PUT", delivery(p), pr);
    assertThat(noToken.statusCode()).isEqualTo(400);
    assertThat(noToken.body()).contains("KINTSUGI_FORGE_TOKEN");

    forgeToken.set(true);
    HttpResponse<String> set = api.send("PUT", delivery(p), pr);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonNode stored = api.getJson(delivery(p));
    assertThat(stored.get("mode").asText()).isEqualTo("pr");
    assertThat(stored.get("forgeUrl").asText()).isEqualTo("https://git.example/api/v1");
    assertThat(stored.get("forgeRepo").asText()).isEqualTo("acme/shop");
    assertThat(stored.get("policy").asText()).contains("autoMerge: 0.97");
    assertThat(stored.get("forgeToken").asText()).isEqualTo("configured");

    String[][] bad = {
      {"{\"forge\":\"gitea\"}", "mode is required"},
      {"{\"mode\":\"merge\"}", "mode is required"},
      {"{\"mode\":\"pr\",\"token\":\"ghp_x\"}", "unknown field 'token'"},
      {"{\"mode\":\"pr\",\"forge\":\"bitbucket\"}", "forge must be"},
      {"{\"mode\":\"pr\",\"forgeUrl\":\"https://u:p@git.example/api/v1\"}", "credentials"},
      {"{\"mode\":\"pr\",\"forgeUrl\":\"ftp://git.example\"}", "forgeUrl must be an http(s)"},
      {"{\"mode\":\"pr\",\"forge\":\"gitea\",\"forgeRepo\":\"a/b/c\"}", "forgeRepo must be"},
      {"{\"mode\":\"pr\",\"base\":\"-f\"}", "base must be a branch"},
      {"{\"mode\":\"pr\",\"base\":\"a..b\"}", "base must be a branch"},
      {"{\"mode\":\"pr\",\"criticality\":\"*\"}", "criticality must be a name"},
      {"{\"mode\":\"pr\",\"policy\":{\"a\":1}}", "policy must be the policy's YAML or JSON text"},
      {
        "{\"mode\":\"pr\",\"policy\":\"thresholds: { production: { critical: { autoMerge: 2 } } }\"}",
        "policy: thresholds.production.critical.autoMerge must be a number in [0, 1], was 2"
      },
      {"{\"mode\":\"pr\",\"policy\":\"autoMerg: 0.9\"}", "autoMerg"},
      {"{\"mode\":\"pr\",\"policy\":\"thresholds: [\"}", "policy: is not valid YAML or JSON"},
    };
    for (String[] b : bad) {
      HttpResponse<String> r = api.send("PUT", delivery(p), b[0]);
      assertThat(r.statusCode()).as(b[0] + " → " + r.body()).isEqualTo(400);
      assertThat(ServerFixture.JSON.readTree(r.body()).get("error").asText())
          .as(b[0])
          .contains(b[1]);
    }
    assertThat(api.getJson(delivery(p)).get("forgeRepo").asText())
        .as("nothing of a refused change was stored")
        .isEqualTo("acme/shop");
    assertThat(api.send("GET", "/api/v1/projects/999/delivery", "").statusCode()).isEqualTo(404);

    // The heal is asked to deliver as set, with the server's policy and webhooks.
    event(api, p, 1, "1.0");
    await("a heal", () -> !heals.isEmpty());
    var asked = heals.get(0).delivery();
    assertThat(asked.pullRequests()).isTrue();
    assertThat(asked.forge()).contains("gitea");
    assertThat(asked.forgeUrl().orElseThrow().toString()).isEqualTo("https://git.example/api/v1");
    assertThat(asked.base()).contains("main");
    assertThat(asked.criticality()).contains("critical");
    assertThat(asked.policy().orElseThrow().source())
        .isEqualTo("the server's policy for project " + p.get("id").asLong());
    assertThat(asked.policy().orElseThrow().thresholdsFor("production", "critical")).isPresent();
    assertThat(asked.webhooks()).hasSize(1);

    // The run shows its pull request and the policy's decision.
    long incident =
        api.getJson("/api/v1/projects/" + p.get("id").asLong() + "/incidents")
            .get(0)
            .get("id")
            .asLong();
    await(
        "the run stored",
        () ->
            get(api, "/api/v1/incidents/" + incident)
                .path("status")
                .asText()
                .equals("fix_proposed"));
    JsonNode run = api.getJson("/api/v1/incidents/" + incident).get("healingRuns").get(0);
    assertThat(run.get("pullRequest").get("url").asText())
        .isEqualTo("https://git.example/acme/shop/pulls/4");
    assertThat(run.get("pullRequest").get("number").asInt()).isEqualTo(4);
    assertThat(run.get("decision").asText()).isEqualTo("require_approval");
    assertThat(run.get("merged").asBoolean()).isFalse();

    JsonNode trail = api.getJson("/api/v1/audit?project=" + p.get("id").asLong());
    List<JsonNode> changes = new java.util.ArrayList<>();
    trail.forEach(
        e -> {
          if (e.get("action").asText().equals("project.delivery_changed")) {
            changes.add(e);
          }
        });
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).get("actor").asText()).isEqualTo("admin");
    assertThat(changes.get(0).get("detail").get("mode").asText()).isEqualTo("pr");
  }

  @Test
  void aFixMergedByHandIsWatchedAndOnlyAReleaseThatContainsItRegressesAndRevertsIt()
      throws Exception {
    ServerFixture api = api();
    JsonNode p = project(api);
    event(api, p, 1, "1.0");
    await("a heal", () -> !heals.isEmpty());
    long incident =
        api.getJson("/api/v1/projects/" + p.get("id").asLong() + "/incidents")
            .get(0)
            .get("id")
            .asLong();
    await(
        "the fix proposed",
        () ->
            get(api, "/api/v1/incidents/" + incident)
                .path("status")
                .asText()
                .equals("fix_proposed"));
    long run =
        api.getJson("/api/v1/incidents/" + incident).get("healingRuns").get(0).get("id").asLong();
    String merged = "/api/v1/heal-runs/" + run + "/merged";

    assertThat(api.send("POST", merged, "{\"mergeCommit\":\"" + MERGE + "\"}").statusCode())
        .as("by is required")
        .isEqualTo(400);
    assertThat(api.send("POST", merged, "{\"mergeCommit\":\"main\",\"by\":\"ana\"}").body())
        .contains("mergeCommit must be a commit id");
    assertThat(api.send("POST", merged, "{\"by\":\"ana\",\"at\":1}").statusCode()).isEqualTo(400);
    assertThat(api.send("POST", "/api/v1/heal-runs/999/merged", "{\"by\":\"ana\"}").statusCode())
        .isEqualTo(404);

    HttpResponse<String> ok =
        api.send("POST", merged, "{\"mergeCommit\":\"" + MERGE + "\",\"by\":\"ana\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode after = ServerFixture.JSON.readTree(ok.body());
    assertThat(after.get("merged").asBoolean()).isTrue();
    assertThat(after.get("mergedBy").asText()).isEqualTo("ana");
    assertThat(after.get("watch").get("state").asText()).isEqualTo("watching");
    assertThat(after.get("watch").get("fixCommit").asText()).isEqualTo(FIX);
    assertThat(after.get("watch").get("mergeCommit").asText()).isEqualTo(MERGE);
    assertThat(api.send("POST", merged, "{\"by\":\"bob\"}").statusCode()).isEqualTo(409);
    assertThat(api.getJson("/api/v1/incidents/" + incident).get("status").asText())
        .isEqualTo("resolved");
    await("the merged notification", () -> !notifications.isEmpty());
    assertThat(notifications.get(0).get("event").asText()).isEqualTo("merged");
    assertThat(notifications.get(0).get("summary").asText()).contains("merged by ana");

    // An event of an older release, still deployed, and one without a release: nothing happens.
    event(api, p, 2, "1.0");
    event(api, p, 3, null);
    await(
        "release 1.0 looked at", () -> containsAsked.contains("1.0 [" + FIX + ", " + MERGE + "]"));
    Thread.sleep(1_500); // another poll or so
    assertThat(api.getJson("/api/v1/incidents/" + incident).get("status").asText())
        .isEqualTo("resolved");
    assertThat(containsAsked).hasSize(1);
    assertThat(reverts).isEmpty();

    // An event of a release that contains the fix: regressed, reverted, told.
    event(api, p, 4, "2.0");
    await(
        "the regression",
        () ->
            get(api, "/api/v1/incidents/" + incident).path("status").asText().equals("regressed"));
    await(
        "the revert stored",
        () ->
            !get(api, "/api/v1/incidents/" + incident)
                .path("watch")
                .path("revertPullRequest")
                .isNull());
    JsonNode story = api.getJson("/api/v1/incidents/" + incident).get("watch");
    assertThat(story.get("state").asText()).isEqualTo("regressed");
    assertThat(story.get("regressedIn").asText()).isEqualTo("2.0");
    assertThat(story.get("fixCommit").asText()).isEqualTo(FIX);
    assertThat(story.get("revertPullRequest").get("number").asInt()).isEqualTo(5);
    assertThat(story.get("revertBranch").asText()).isEqualTo("kintsugi/revert-f1f1f1f1f1f1");
    assertThat(story.get("ledger").asText()).contains("1 failed");
    assertThat(reverts).hasSize(1);
    RevertRequest revert = reverts.get(0);
    assertThat(revert.fixCommit()).isEqualTo(FIX);
    assertThat(revert.mergeCommit()).contains(MERGE);
    assertThat(revert.release()).isEqualTo("2.0");
    assertThat(revert.incidentId()).isEqualTo(incident);
    assertThat(revert.delivery().pullRequests()).isFalse();
    assertThat(revert.healReport()).contains("Cart.java");

    await("the regressed notification", () -> notifications.size() >= 2);
    JsonNode regressed = notifications.get(1);
    assertThat(regressed.get("event").asText()).isEqualTo("regressed");
    assertThat(regressed.get("summary").asText()).contains("2.0").contains(FIX);
    assertThat(regressed.get("pullRequest").asText())
        .isEqualTo("https://git.example/acme/shop/pulls/5");

    JsonNode trail = api.getJson("/api/v1/audit?incident=" + incident);
    List<String> actions = new java.util.ArrayList<>();
    trail.forEach(e -> actions.add(e.get("action").asText()));
    assertThat(actions)
        .containsSubsequence(
            "heal.finished",
            "pull_request.merged",
            "watch.started",
            "incident.regressed",
            "fix.reverted");
    assertThat(api.getJson("/api/v1/audit/verify").get("ok").asBoolean()).isTrue();

    // Later events neither ask again nor heal the reverted fix's incident again by themselves.
    event(api, p, 5, "2.0");
    Thread.sleep(2_500);
    assertThat(reverts).hasSize(1);
    assertThat(heals).hasSize(1);
    assertThat(containsAsked).hasSize(2);
  }

  @Test
  void aHealThatMergedItsFixResolvesTheIncidentAndWatchesIt() throws Exception {
    healMerges = Optional.of(MERGE);
    ServerFixture api = api();
    JsonNode p = project(api);
    event(api, p, 1, "1.0");
    await("a heal", () -> !heals.isEmpty());
    long incident =
        api.getJson("/api/v1/projects/" + p.get("id").asLong() + "/incidents")
            .get(0)
            .get("id")
            .asLong();
    await(
        "resolved",
        () -> get(api, "/api/v1/incidents/" + incident).path("status").asText().equals("resolved"));
    JsonNode detail = api.getJson("/api/v1/incidents/" + incident);
    JsonNode run = detail.get("healingRuns").get(0);
    assertThat(run.get("merged").asBoolean()).isTrue();
    assertThat(run.get("mergeCommit").asText()).isEqualTo(MERGE);
    assertThat(run.get("mergedBy").asText()).isEqualTo("kintsugi");
    assertThat(run.get("decision").asText()).isEqualTo("auto_merge");
    assertThat(detail.get("watch").get("state").asText()).isEqualTo("watching");
    assertThat(
            api.send(
                    "POST",
                    "/api/v1/heal-runs/" + run.get("id").asLong() + "/merged",
                    "{\"by\":\"ana\"}")
                .statusCode())
        .isEqualTo(409);
  }
}
