package dev.kintsugi.cli;

import static dev.kintsugi.cli.PullRequestWatchTest.CART;
import static dev.kintsugi.cli.PullRequestWatchTest.CART_TEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.loop.DeliveryOptions;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.production.ProductionHealer;
import dev.kintsugi.heal.testing.FakeGitea;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import dev.kintsugi.learn.FixMemory;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's approve and reject, end to end, every part real but the forge (a fake Gitea over a
 * real bare repository): the server heals a production error, the policy holds the fix back for
 * approval, and a person approves or rejects it over REST. A rejected pull request is closed, the
 * fix counted failed in the ledger and the incident reopened; healed again, the approved pull
 * request is merged through the forge and watched. A branch fix is merged into a base branch no
 * working tree has checked out, and never into one that is.
 */
class FixReviewTest {

  private static final String ADMIN = "b".repeat(32);
  private static final String FORGE_TOKEN = "forge-secret-3e9a0b";

  @TempDir Path tmp;
  private KintsugiServer server;
  private FakeGitea gitea;
  private final List<String> said = new CopyOnWriteArrayList<>();
  private HealServerClient api;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (gitea != null) {
      gitea.close();
    }
  }

  private void start() {
    HealOptions template =
        HealOptions.defaults(tmp)
            .withWorkDir(tmp.resolve("work"))
            .withMemoryDir(tmp.resolve("memory"))
            .withTimeout(Duration.ofMinutes(4))
            .withDelivery(DeliveryOptions.BRANCH_ONLY.withToken(ForgeToken.of(FORGE_TOKEN)));
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath())
                .adminToken(ADMIN)
                .repoRoot(tmp)
                .build(),
            new ProductionHealer(
                template,
                tmp.resolve("mirrors"),
                (stage, message) -> said.add(stage + ": " + message),
                Clock.systemUTC()),
            said::add);
    api = new HealServerClient(server.port(), ADMIN, said);
  }

  /** A registered project: its id and its DSN key. */
  private record Registered(long id, String key) {}

  /** A project healing {@code repo}, delivered as {@code delivery} says. */
  private Registered project(String name, Path repo, String delivery) throws Exception {
    JsonNode project =
        api.json(
            "POST",
            "/api/v1/projects",
            HealServerClient.JSON
                .createObjectNode()
                .put("name", name)
                .put("repo", repo.toRealPath().toString())
                .set("inAppPrefixes", HealServerClient.JSON.createArrayNode().add("shop"))
                .toString(),
            201);
    long id = project.get("id").asLong();
    api.json("PUT", "/api/v1/projects/" + id + "/heal-policy", "{\"minFrameEvents\":1}", 200);
    api.json("PUT", "/api/v1/projects/" + id + "/delivery", delivery, 200);
    return new Registered(
        id, project.get("dsn").asText().replaceAll("^http://([0-9a-f]+)@.*$", "$1"));
  }

  private List<String> actions(long incident) throws Exception {
    List<String> actions = new ArrayList<>();
    api.json("GET", "/api/v1/audit?incident=" + incident + "&limit=1000", null, 200)
        .forEach(e -> actions.add(e.get("action").asText() + " by " + e.get("actor").asText()));
    return actions;
  }

  @Test
  void aRejectedPullRequestIsClosedAndHealedAgainTheApprovedOneIsMergedThroughTheForge()
      throws Exception {
    Path shop = SampleProject.write(tmp.resolve("shop"), CART, CART_TEST);
    Git dev = Git.initWithCommit(shop);
    String release = dev.run("rev-parse", "HEAD");
    Path origin = tmp.resolve("origin.git");
    new Git(tmp).run("clone", "-q", "--bare", shop.toString(), origin.toString());
    dev.run("remote", "add", "origin", origin.toString());
    gitea = new FakeGitea(origin, "acme/shop", FORGE_TOKEN);
    start();
    Registered p =
        project(
            "shop",
            shop,
            HealServerClient.JSON
                .createObjectNode()
                .put("mode", "pr")
                .put("forge", "gitea")
                .put("forgeUrl", gitea.apiUrl().toString())
                .put("forgeRepo", "acme/shop")
                .put(
                    "policy",
                    "thresholds:\n  \"*\":\n    \"*\": { autoMerge: 1.0, requireApproval: 0.05 }\n")
                .toString());
    long id = p.id();

    // 1. Healed, held back for approval: a pull request waits.
    api.post(id, p.key(), release);
    JsonNode first = api.awaitRun(id);
    assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("fixed");
    assertThat(first.get("decision").asText()).isEqualTo("require_approval");
    assertThat(first.get("review").isNull()).isTrue();
    long incident = api.incidentOf(id);
    assertThat(api.get("/api/v1/incidents/" + incident).get("status").asText())
        .isEqualTo("fix_proposed");
    String firstBranch = first.get("branch").asText();

    // 2. Rejected: the request closed with who and why, the ledger told, the incident open again.
    JsonNode rejected =
        api.json(
            "POST",
            "/api/v1/heal-runs/" + first.get("id").asLong() + "/reject",
            "{\"by\":\"bob\",\"reason\":\"bounds the index instead of using freight\"}",
            200);
    assertThat(rejected.get("outcome").asText()).isEqualTo("rejected");
    assertThat(rejected.get("review").get("verdict").asText()).isEqualTo("rejected");
    assertThat(rejected.get("review").get("by").asText()).isEqualTo("bob");
    assertThat(rejected.get("review").get("note").asText())
        .isEqualTo("bounds the index instead of using freight");
    assertThat(rejected.get("summary").asText())
        .contains("closed")
        .contains("branch " + firstBranch + " kept")
        .contains("recorded as rejected")
        .contains("open again");
    FakeGitea.Pull closed = gitea.pulls().get(0);
    assertThat(closed.closed()).isTrue();
    assertThat(closed.merged()).isFalse();
    assertThat(new Git(origin).run("rev-parse", firstBranch))
        .isEqualTo(first.get("commit").asText());
    JsonNode report =
        api.json("GET", "/api/v1/heal-runs/" + first.get("id").asLong() + "/report", null, 200);
    String family = Policy.family(report.get("fix").get("repairer").asText());
    assertThat(FixMemory.open(tmp.resolve("memory")).trackRecord(family).failed()).isEqualTo(1);
    assertThat(api.get("/api/v1/incidents/" + incident).get("status").asText()).isEqualTo("open");
    assertThat(
            api.send(
                    "POST",
                    "/api/v1/heal-runs/" + first.get("id").asLong() + "/approve",
                    "{\"by\":\"ana\"}")
                .statusCode())
        .as("a rejected fix is never approved")
        .isEqualTo(409);

    // 3. Healed again by hand; this fix is approved: merged through the forge, and watched.
    api.json("POST", "/api/v1/incidents/" + incident + "/heal", null, 202);
    JsonNode second = api.awaitRun(id, 2);
    assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("fixed");
    assertThat(second.get("pullRequest").get("number").asInt()).isEqualTo(2);
    JsonNode approved =
        api.json(
            "POST",
            "/api/v1/heal-runs/" + second.get("id").asLong() + "/approve",
            "{\"by\":\"ana\"}",
            200);
    assertThat(approved.get("outcome").asText()).as(approved.toString()).isEqualTo("merged");
    FakeGitea.Pull merged = gitea.pulls().get(1);
    assertThat(merged.merged()).isTrue();
    assertThat(new Git(origin).run("rev-parse", "main")).isEqualTo(merged.mergeCommit());
    assertThat(approved.get("mergeCommit").asText()).isEqualTo(merged.mergeCommit());
    assertThat(approved.get("mergedBy").asText()).isEqualTo("ana");
    assertThat(approved.get("review").get("verdict").asText()).isEqualTo("approved");
    assertThat(approved.get("watch").get("state").asText()).isEqualTo("watching");
    assertThat(approved.get("watch").get("fixCommit").asText())
        .isEqualTo(second.get("commit").asText());
    assertThat(api.get("/api/v1/incidents/" + incident).get("status").asText())
        .isEqualTo("resolved");
    assertThat(
            api.send(
                    "POST",
                    "/api/v1/heal-runs/" + second.get("id").asLong() + "/reject",
                    "{\"by\":\"bob\"}")
                .statusCode())
        .as("a merged fix is reverted, not rejected")
        .isEqualTo(409);

    assertThat(actions(incident))
        .containsSubsequence(
            "fix.rejected by bob",
            "pull_request.closed by bob",
            "heal.reviewed by bob",
            "incident.status_changed by bob",
            "heal.queued by admin",
            "pull_request.opened by kintsugi",
            "fix.approved by ana",
            "pull_request.merged by ana",
            "heal.reviewed by ana",
            "watch.started by kintsugi");
    assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("ok").asBoolean()).isTrue();
    assertThat(gitea.requests()).allMatch(r -> ("token " + FORGE_TOKEN).equals(r.authorization()));
    assertThat(
            gitea.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().contains("/comments"))
                .map(FakeGitea.Request::body)
                .toList()
                .toString())
        .contains("Rejected by bob in Kintsugi: bounds the index instead of using freight")
        .contains("Approved by ana in Kintsugi");
  }

  @Test
  void aBranchFixIsMergedIntoABaseNoWorkingTreeHasCheckedOutAndNeverIntoOneThatIs()
      throws Exception {
    // "elsewhere": main is not checked out (the developer works on another branch).
    Path elsewhere = SampleProject.write(tmp.resolve("elsewhere"), CART, CART_TEST);
    Git away = Git.initWithCommit(elsewhere);
    String awayRelease = away.run("rev-parse", "HEAD");
    away.run("checkout", "-q", "-b", "work");
    // "checkedOut": main is checked out.
    Path checkedOut = SampleProject.write(tmp.resolve("checked-out"), CART, CART_TEST);
    Git here = Git.initWithCommit(checkedOut);
    String hereRelease = here.run("rev-parse", "HEAD");
    start();
    String branchToMain = "{\"mode\":\"branch\",\"base\":\"main\"}";
    Registered a = project("elsewhere", elsewhere, branchToMain);
    Registered b = project("checked-out", checkedOut, branchToMain);

    api.post(a.id(), a.key(), awayRelease);
    api.post(b.id(), b.key(), hereRelease);
    JsonNode awayRun = api.awaitRun(a.id());
    JsonNode hereRun = api.awaitRun(b.id());
    assertThat(awayRun.get("status").asText()).as(awayRun.toString()).isEqualTo("fixed");
    assertThat(hereRun.get("status").asText()).as(hereRun.toString()).isEqualTo("fixed");
    String awayState = away.checkoutState();
    String hereState = here.checkoutState();

    // Not checked out: main fast-forwards to the fix; the incident is resolved and watched.
    JsonNode merged =
        api.json(
            "POST",
            "/api/v1/heal-runs/" + awayRun.get("id").asLong() + "/approve",
            "{\"by\":\"ana\"}",
            200);
    assertThat(merged.get("outcome").asText()).as(merged.toString()).isEqualTo("merged");
    assertThat(away.run("rev-parse", "main")).isEqualTo(awayRun.get("commit").asText());
    assertThat(away.checkoutState()).isEqualTo(awayState);
    long awayIncident = api.incidentOf(a.id());
    JsonNode resolved = api.get("/api/v1/incidents/" + awayIncident);
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.get("watch").get("state").asText()).isEqualTo("watching");
    assertThat(resolved.get("watch").get("mergeCommit").asText())
        .isEqualTo(awayRun.get("commit").asText());
    assertThat(actions(awayIncident))
        .containsSubsequence("fix.approved by ana", "branch.merged by ana", "heal.reviewed by ana");

    // Checked out: approved, left for the person to merge there; nothing of theirs touched.
    JsonNode left =
        api.json(
            "POST",
            "/api/v1/heal-runs/" + hereRun.get("id").asLong() + "/approve",
            "{\"by\":\"ana\"}",
            200);
    assertThat(left.get("outcome").asText()).as(left.toString()).isEqualTo("approved_not_merged");
    assertThat(left.get("summary").asText())
        .contains("main is checked out in " + checkedOut.toRealPath())
        .contains("merge " + hereRun.get("branch").asText());
    assertThat(left.get("merged").asBoolean()).isFalse();
    assertThat(left.get("review").get("verdict").asText()).isEqualTo("approved");
    assertThat(left.get("review").get("note").asText()).contains("main is checked out");
    assertThat(here.checkoutState()).isEqualTo(hereState);
    assertThat(here.run("rev-parse", "main")).isEqualTo(hereRelease);
    assertThat(api.get("/api/v1/incidents/" + api.incidentOf(b.id())).get("status").asText())
        .isEqualTo("fix_proposed");
  }
}
