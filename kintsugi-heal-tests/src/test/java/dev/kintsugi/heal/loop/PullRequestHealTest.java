package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.forge.FakeForge;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.report.ReportWriter;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.GitHubOverOrigin;
import dev.kintsugi.heal.testing.SampleProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kintsugi heal --deliver pr} end to end: a real repository with a real origin, real builds,
 * GitHub's REST API served locally, a webhook receiver.
 */
class PullRequestHealTest {

  @TempDir Path tmp;
  Git git;
  GitHubOverOrigin github;
  FakeForge hooks;
  final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

  @BeforeEach
  void repositoryWithOrigin() throws Exception {
    Path repo = SampleProject.buggyCart(tmp.resolve("repo"));
    git = Git.initWithCommit(repo);
    Path origin = tmp.resolve("origin.git");
    new Git(tmp).run("init", "-q", "--bare", origin.toString());
    git.run("remote", "add", "origin", origin.toString());
    git.run("push", "-q", "origin", "main");
    github = new GitHubOverOrigin(origin);
    hooks = new FakeForge();
    hooks.on("POST", "/hook", request -> FakeForge.Reply.empty(204));
  }

  @AfterEach
  void stop() {
    github.close();
    hooks.close();
  }

  HealOptions options(String token) {
    return HealOptions.defaults(git.dir())
        .withWorkDir(tmp.resolve("work"))
        .withMemoryDir(null)
        .withReport(tmp.resolve("heal.json"))
        .withTimeout(Duration.ofMinutes(5))
        .withAudit(audit::add)
        .withDelivery(
            DeliveryOptions.BRANCH_ONLY
                .withMode(DeliveryOptions.Mode.PR)
                .withToken(ForgeToken.of(token))
                .withForge("github", github.api(), "acme/shop")
                .withChecksWait(Duration.ofSeconds(30), Duration.ofMillis(100))
                .withNotify(List.of(Webhook.parse("generic:" + hooks.url("/hook")))));
  }

  HealOutcome heal(HealOptions options) {
    return new HealLoop((stage, msg) -> {}, Clock.systemUTC()).run(options);
  }

  List<String> actions() {
    return audit.stream().map(AuditRecord::action).toList();
  }

  @Test
  void withoutAPolicyTheFixBecomesAPullRequestForAPersonToApprove() throws Exception {
    HealOutcome outcome = heal(options(GitHubOverOrigin.TOKEN));

    HealReport report = outcome.report();
    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(report.pullRequest())
        .isEqualTo(new HealReport.PullRequestPart("https://github.example/acme/shop/pull/1", 1));
    assertThat(report.policy().decision()).isEqualTo("require_approval");
    assertThat(report.policy().delivered())
        .isEqualTo("pull request #1 opened against main; approval required");
    // The branch on origin is the fix commit; the request targets the healed branch.
    assertThat(github.originHead(report.branch())).isEqualTo(report.commit());
    JsonNode created = github.http.requests("POST", "/repos/acme/shop/pulls").get(0).json();
    assertThat(created.path("head").asText()).isEqualTo(report.branch());
    assertThat(created.path("base").asText()).isEqualTo("main");
    assertThat(created.path("title").asText())
        .startsWith("Kintsugi: fix ")
        .contains("shop.CartTest#totalAddsAllPrices");
    assertThat(created.path("body").asText())
        .contains("## What broke")
        .contains("`shop.CartTest#totalAddsAllPrices`")
        .contains("## Root cause\n\n`src/main/java/shop/Cart.java:7`")
        .contains("```diff\n" + report.fix().diff())
        .contains("mvn test passed on the patched copy")
        .contains("- `relevant-tests-pass: ")
        .contains("Plausible fixes found: " + report.candidates().plausible())
        .contains(
            String.format(java.util.Locale.ROOT, "## Confidence: %.2f", report.fix().confidence()))
        .contains("`require_approval`: no policy → approval required");
    assertThat(github.labels(1)).containsExactly("kintsugi", "auto-fix");
    assertThat(github.http.requests("PUT", ".*/merge")).isEmpty();
    assertThat(actions())
        .containsSubsequence(
            "heal.started",
            "policy.decided",
            "branch.created",
            "branch.pushed",
            "pull_request.opened",
            "heal.finished");
    JsonNode notified = hooks.requests("POST", "/hook").get(0).json();
    assertThat(notified.path("event").asText()).isEqualTo("approval_needed");
    assertThat(notified.path("pullRequest").asText())
        .isEqualTo("https://github.example/acme/shop/pull/1");
    // The token is nowhere in what the heal wrote.
    assertThat(Files.readString(tmp.resolve("heal.json"))).doesNotContain(GitHubOverOrigin.TOKEN);
    assertThat(audit.toString()).doesNotContain(GitHubOverOrigin.TOKEN);
  }

  @Test
  void aPolicyThatAllowsItMergesOnceTheChecksPass() throws Exception {
    Files.createDirectories(git.dir().resolve(".kintsugi"));
    Files.writeString(
        git.dir().resolve(".kintsugi/policy.yml"),
        "environment: ci\nthresholds: { ci: { \"*\": { autoMerge: 0.0 } } }\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "policy");
    git.run("push", "-q", "origin", "main");
    github.checks = sha -> "success";

    HealReport report = heal(options(GitHubOverOrigin.TOKEN)).report();

    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(report.policy().decision()).isEqualTo("auto_merge");
    assertThat(report.policy().delivered())
        .startsWith("pull request #1 opened and merged after its checks passed (merge commit ");
    assertThat(
            github
                .http
                .requests("PUT", "/repos/acme/shop/pulls/1/merge")
                .get(0)
                .json()
                .path("sha")
                .asText())
        .isEqualTo(report.commit());
    assertThat(actions()).contains("pull_request.merged");
    assertThat(hooks.requests("POST", "/hook").get(0).json().path("event").asText())
        .isEqualTo("merged");
  }

  @Test
  void checksThatFailOnTheFixGetTheNextPlausibleFixAtAnotherPlaceOnce() throws Exception {
    // Two places can fix it: the bound's "+ 1" or the loop's use of n.
    SampleProject.write(
        git.dir(),
        """
        package shop;

        /** A shopping cart's arithmetic. */
        public class Cart {
          public static int total(int[] prices) {
            int sum = 0;
            int n = prices.length + 1;
            for (int i = 0; i < n; i++) {
              sum += prices[i];
            }
            return sum;
          }

          public static int max(int[] prices) {
            int best = 0;
            for (int p : prices) {
              best = Math.max(best, p);
            }
            return best;
          }
        }
        """,
        SampleProject.CART_TEST);
    Files.createDirectories(git.dir().resolve(".kintsugi"));
    Files.writeString(
        git.dir().resolve(".kintsugi/policy.yml"),
        "environment: ci\nthresholds: { ci: { \"*\": { autoMerge: 0.0 } } }\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "two places");
    git.run("push", "-q", "origin", "main");
    // The project's CI refuses the first head it sees and accepts any other.
    String[] first = new String[1];
    github.checks =
        sha -> {
          synchronized (first) {
            if (first[0] == null) {
              first[0] = sha;
            }
            return first[0].equals(sha) ? "failure" : "success";
          }
        };

    HealReport report = heal(options(GitHubOverOrigin.TOKEN)).report();

    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(report.policy().delivered())
        .startsWith("pull request #1 opened and merged after its checks passed on the revised fix");
    // The revision is a new commit on top of the first, on the same branch, merged at its head.
    assertThat(git.run("rev-parse", report.commit() + "^")).isEqualTo(first[0]);
    assertThat(github.originHead(report.branch())).isEqualTo(report.commit());
    assertThat(
            github
                .http
                .requests("PUT", "/repos/acme/shop/pulls/1/merge")
                .get(0)
                .json()
                .path("sha")
                .asText())
        .isEqualTo(report.commit());
    assertThat(git.run("diff", "--stat", first[0], report.commit())).contains("Cart.java");
    assertThat(report.warnings())
        .anyMatch(w -> w.startsWith("the project's checks failed on the first fix (build: "));
    assertThat(actions())
        .containsSubsequence(
            "pull_request.opened", "fix.revised", "branch.updated", "pull_request.merged");
    assertThat(git.run("log", "-1", "--format=%B", report.commit()))
        .contains("Revised: the project's checks failed on the first fix");
  }

  @Test
  void aMissingTokenIsBadInputBeforeAnyBuild() {
    HealOutcome outcome = heal(options(null));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(outcome.report().status()).isEqualTo(HealReport.Status.ERROR);
    assertThat(outcome.report().reason())
        .startsWith("cannot deliver a pull request: no forge token: set KINTSUGI_FORGE_TOKEN");
    assertThat(outcome.report().candidates().tested()).isZero();
    assertThat(git.run("branch", "--list", "kintsugi/*")).isEmpty();
    assertThat(github.http.requests()).isEmpty();
  }

  @Test
  void aTokenTheForgeRefusesEndsInAnErrorThatSaysWhereTheFixIs() throws Exception {
    HealOutcome outcome = heal(options("ghp_revokedToken000000000000000000000"));

    HealReport report = outcome.report();
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report.status()).isEqualTo(HealReport.Status.ERROR);
    assertThat(report.reason())
        .startsWith("fixed 1 failing test(s), but opening the pull request failed: ")
        .contains("401")
        .endsWith("the fix is on branch " + report.branch() + ", pushed to origin");
    assertThat(report.fix()).isNotNull();
    assertThat(report.pullRequest()).isNull();
    assertThat(github.originHead(report.branch())).isEqualTo(report.commit());
    assertThat(actions()).contains("delivery.failed");
    assertThat(ReportWriter.toJson(report)).doesNotContain("ghp_revokedToken");
    assertThat(hooks.requests()).isEmpty();
  }
}
