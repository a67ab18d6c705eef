package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.core.notify.Webhook;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
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
 * Issue 13 end to end, every part real but the forge (a fake Gitea over a real bare repository):
 * the server heals a production error of a project set to deliver pull requests, its policy (given
 * to the server) merges the pull request once its checks are green, and the fix is watched after
 * release. An event of a release from before the fix, and one of a commit no trusted branch holds,
 * change nothing; an event of a release that contains the fix regresses the incident, opens a
 * revert pull request, lowers the fix in the ledger and tells the webhook. The forge token goes to
 * the forge's API only.
 */
class PullRequestWatchTest {

  private static final String ADMIN = "a".repeat(32);
  private static final String FORGE_TOKEN = "forge-secret-7c1d2e";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A boundary bug the shipped tests do not reach: 4 kilos index past the rate table. */
  static final String CART =
      """
      package shop;

      /** Shipping rates. */
      public class Cart {
        private static final int[] RATES = {0, 100, 200, 300};

        /** Cost by whole kilos; parcels beyond the table go by freight. */
        public static int shipping(int kilos) {
          if (kilos <= RATES.length) {
            return RATES[kilos];
          }
          return 999;
        }
      }
      """;

  static final String CART_TEST =
      """
      package shop;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class CartTest {
        @Test
        void twoKilosCostTheSecondRate() {
          assertEquals(200, Cart.shipping(2));
        }

        @Test
        void heavyParcelsGoByFreight() {
          assertEquals(999, Cart.shipping(10));
        }
      }
      """;

  @TempDir Path tmp;
  private KintsugiServer server;
  private FakeGitea gitea;
  private HttpServer hooks;
  private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
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
    if (hooks != null) {
      hooks.stop(0);
    }
  }

  @Test
  void aMergedFixThatComesBackInARelease() throws Exception {
    Path shop = SampleProject.write(tmp.resolve("shop"), CART, CART_TEST);
    Git dev = Git.initWithCommit(shop);
    String before = dev.run("rev-parse", "HEAD");
    Path origin = tmp.resolve("origin.git");
    new Git(tmp).run("clone", "-q", "--bare", shop.toString(), origin.toString());
    dev.run("remote", "add", "origin", origin.toString());
    gitea = new FakeGitea(origin, "acme/shop", FORGE_TOKEN);
    hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hooks.createContext(
        "/hook",
        exchange -> {
          notifications.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hooks.start();

    HealOptions template =
        HealOptions.defaults(shop)
            .withWorkDir(tmp.resolve("work"))
            .withMemoryDir(tmp.resolve("memory"))
            .withTimeout(Duration.ofMinutes(4))
            .withDelivery(
                DeliveryOptions.BRANCH_ONLY
                    .withToken(ForgeToken.of(FORGE_TOKEN))
                    .withChecksWait(Duration.ofSeconds(30), Duration.ofMillis(200)));
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath())
                .adminToken(ADMIN)
                .repoRoot(tmp)
                .webhooks(
                    List.of(
                        Webhook.parse(
                            "generic:http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook")))
                .build(),
            new ProductionHealer(
                template,
                tmp.resolve("mirrors"),
                (stage, message) -> said.add(stage + ": " + message),
                Clock.systemUTC()),
            said::add);
    api = new HealServerClient(server.port(), ADMIN, said);

    JsonNode project =
        api.json(
            "POST",
            "/api/v1/projects",
            "{\"name\":\"shop\",\"repo\":"
                + JSON.writeValueAsString(shop.toRealPath().toString())
                + ",\"inAppPrefixes\":[\"shop\"]}",
            201);
    long id = project.get("id").asLong();
    String key = project.get("dsn").asText().replaceAll("^http://([0-9a-f]+)@.*$", "$1");
    api.json("PUT", "/api/v1/projects/" + id + "/heal-policy", "{\"minFrameEvents\":1}", 200);
    String policy = "thresholds:\n  \"*\":\n    \"*\": { autoMerge: 0.1, requireApproval: 0.05 }\n";
    JsonNode delivery =
        api.json(
            "PUT",
            "/api/v1/projects/" + id + "/delivery",
            JSON.createObjectNode()
                .put("mode", "pr")
                .put("forge", "gitea")
                .put("forgeUrl", gitea.apiUrl().toString())
                .put("forgeRepo", "acme/shop")
                .put("policy", policy)
                .toString(),
            200);
    assertThat(delivery.get("forgeToken").asText()).isEqualTo("configured");

    // 1. The error, from the release in production: healed, a pull request, merged by policy.
    api.post(id, key, before);
    JsonNode run = api.awaitRun(id);
    assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("fixed");
    assertThat(run.get("decision").asText()).isEqualTo("auto_merge");
    assertThat(run.get("merged").asBoolean()).isTrue();
    assertThat(run.get("mergedBy").asText()).isEqualTo("kintsugi");
    assertThat(run.get("pullRequest").get("number").asInt()).isEqualTo(1);
    FakeGitea.Pull pull = gitea.pulls().get(0);
    assertThat(pull.merged()).isTrue();
    assertThat(pull.title()).contains("ArrayIndexOutOfBoundsException");
    assertThat(pull.labels()).containsExactlyInAnyOrder("kintsugi", "auto-fix");
    assertThat(pull.base()).isEqualTo("main");
    assertThat(pull.head()).isEqualTo(run.get("branch").asText());
    assertThat(pull.body()).contains("`auto_merge`").contains("≥ autoMerge 0.10");
    JsonNode healed =
        api.json("GET", "/api/v1/heal-runs/" + run.get("id").asLong() + "/report", null, 200);
    assertThat(healed.get("policy").get("source").asText())
        .isEqualTo("the server's policy for project " + id);
    assertThat(healed.get("pullRequest").get("mergeCommit").asText()).isEqualTo(pull.mergeCommit());
    assertThat(run.get("mergeCommit").asText()).isEqualTo(pull.mergeCommit());
    assertThat(run.get("pullRequest").get("url").asText()).endsWith("/pulls/1");
    String fix = run.get("commit").asText();
    long incident = api.incidentOf(id);
    // The run ends before its merged fix's watch resolves the incident (a moment later).
    api.awaitThat(
        "the incident resolved by its merged fix",
        () -> {
          try {
            return "resolved"
                .equals(
                    api.json("GET", "/api/v1/incidents/" + incident, null, 200)
                        .get("status")
                        .asText());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    JsonNode resolved = api.json("GET", "/api/v1/incidents/" + incident, null, 200);
    assertThat(resolved.get("watch").get("state").asText()).isEqualTo("watching");
    assertThat(resolved.get("watch").get("fixCommit").asText()).isEqualTo(fix);
    assertThat(resolved.get("watch").get("mergeCommit").asText()).isEqualTo(pull.mergeCommit());
    api.awaitThat("the heal's merged notification", () -> has(notifications, "merged"));

    // The team pulls the merge and ships a later release; an old one is still deployed too.
    dev.run("fetch", "-q", "origin", "main");
    dev.run("merge", "-q", "--ff-only", "FETCH_HEAD");
    assertThat(dev.run("rev-parse", "HEAD")).isEqualTo(pull.mergeCommit());
    Files.writeString(shop.resolve("NOTES.md"), "shipping notes\n");
    dev.run("add", "-A");
    dev.run("commit", "-q", "-m", "notes");
    dev.run("push", "-q", "origin", "main");
    String release = dev.run("rev-parse", "HEAD");
    dev.run("checkout", "-q", "-b", "someones-branch", fix);
    Files.writeString(shop.resolve("OTHER.md"), "not trusted\n");
    dev.run("add", "-A");
    dev.run("commit", "-q", "-m", "elsewhere");
    String untrusted = dev.run("rev-parse", "HEAD");
    dev.run("checkout", "-q", "main");

    // 2. Events of a release from before the fix, of an untrusted commit, of revision syntax:
    // nothing.
    api.post(id, key, before);
    api.post(id, key, untrusted);
    api.post(id, key, "main~1");
    Thread.sleep(4_000); // a few polls of the watch
    JsonNode still = api.json("GET", "/api/v1/incidents/" + incident, null, 200);
    assertThat(still.get("status").asText()).isEqualTo("resolved");
    assertThat(still.get("watch").get("state").asText()).isEqualTo("watching");
    assertThat(gitea.pulls()).hasSize(1);

    // 3. An event of the release that contains the fix: the fix did not hold.
    api.post(id, key, release);
    api.awaitThat(
        "the revert",
        () ->
            !api.get("/api/v1/incidents/" + incident)
                .path("watch")
                .path("revertPullRequest")
                .isNull());
    JsonNode story = api.json("GET", "/api/v1/incidents/" + incident, null, 200);
    assertThat(story.get("status").asText()).isEqualTo("regressed");
    JsonNode watch = story.get("watch");
    assertThat(watch.get("state").asText()).isEqualTo("regressed");
    assertThat(watch.get("regressedIn").asText()).isEqualTo(release);
    assertThat(watch.get("revertPullRequest").get("number").asInt()).isEqualTo(2);
    FakeGitea.Pull revert = gitea.pulls().get(1);
    assertThat(revert.title()).startsWith("Revert Kintsugi fix for ").contains("ArrayIndexOutOf");
    assertThat(revert.labels()).containsExactlyInAnyOrder("kintsugi", "auto-fix");
    assertThat(revert.base()).isEqualTo("main");
    assertThat(revert.head()).isEqualTo(watch.get("revertBranch").asText());
    Git bare = new Git(origin);
    assertThat(bare.run("show", revert.head() + ":src/main/java/shop/Cart.java") + "\n")
        .isEqualTo(CART);
    assertThat(bare.run("rev-parse", revert.head() + "^")).isEqualTo(release);

    String family = Policy.family(healed.get("fix").get("repairer").asText());
    assertThat(FixMemory.open(tmp.resolve("memory")).trackRecord(family).failed()).isEqualTo(1);
    assertThat(watch.get("ledger").asText()).contains("recorded as regressed");

    List<String> actions = new ArrayList<>();
    api.json("GET", "/api/v1/audit?incident=" + incident + "&limit=1000", null, 200)
        .forEach(e -> actions.add(e.get("action").asText()));
    assertThat(actions)
        .containsSubsequence(
            "policy.decided",
            "branch.pushed",
            "pull_request.opened",
            "pull_request.merged",
            "heal.finished",
            "watch.started",
            "incident.regressed",
            "fix.reverted",
            "branch.pushed",
            "pull_request.opened");
    assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("ok").asBoolean()).isTrue();
    api.awaitThat("the regressed notification", () -> has(notifications, "regressed"));
    JsonNode regressed =
        notifications.stream()
            .filter(n -> n.get("event").asText().equals("regressed"))
            .findFirst()
            .orElseThrow();
    assertThat(regressed.get("pullRequest").asText())
        .isEqualTo(watch.get("revertPullRequest").get("url").asText());
    assertThat(regressed.get("summary").asText()).contains(release);

    // The forge token went to the forge's API, and nowhere else.
    assertThat(gitea.requests()).allMatch(r -> ("token " + FORGE_TOKEN).equals(r.authorization()));
    String everything =
        api.get("/api/v1/projects/" + id + "/delivery")
            + api.get("/api/v1/incidents/" + incident).toString()
            + api.send("GET", "/api/v1/heal-runs/" + run.get("id").asLong() + "/report", null)
                .body()
            + api.send("GET", "/api/v1/audit/export", null).body()
            + notifications
            + String.join("\n", said)
            + gitea.pulls();
    assertThat(everything).doesNotContain(FORGE_TOKEN);
  }

  private static boolean has(List<JsonNode> notifications, String event) {
    return notifications.stream().anyMatch(n -> n.path("event").asText().equals(event));
  }
}
