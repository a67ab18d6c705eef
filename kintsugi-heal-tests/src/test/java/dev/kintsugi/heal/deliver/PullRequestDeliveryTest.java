package dev.kintsugi.heal.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.deliver.Delivered;
import dev.kintsugi.core.deliver.FixCommit;
import dev.kintsugi.core.policy.Decision;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.GitHubOverOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull request delivery against a real origin repository and a GitHub speaking its REST API. */
class PullRequestDeliveryTest {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final Duration POLL = Duration.ofMillis(50);

  @TempDir Path tmp;
  Path repo;
  Path origin;
  Git git;
  String base;
  GitHubOverOrigin github;
  final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  final List<String> progress = new ArrayList<>();

  @BeforeEach
  void repositoryWithOriginAndFixBranch() throws Exception {
    repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve("src"));
    Files.writeString(repo.resolve("src/A.java"), "class A { int x = 1; }\n");
    git = Git.initWithCommit(repo);
    base = git.run("rev-parse", "HEAD");
    origin = tmp.resolve("origin.git");
    new Git(tmp).run("init", "-q", "--bare", origin.toString());
    git.run("remote", "add", "origin", origin.toString());
    git.run("push", "-q", "origin", "main");
    github = new GitHubOverOrigin(origin);
  }

  @AfterEach
  void stop() {
    github.close();
  }

  Delivered fixBranch() throws Exception {
    return new BranchDelivery(Clock.systemUTC())
        .deliver(new FixCommit(repo, base, List.of(change(2)), "Fix A\n"));
  }

  static FileChange change(int x) {
    return new FileChange(
        "src/A.java", "class A { int x = 1; }\n", "class A { int x = " + x + "; }\n");
  }

  PullRequestDelivery delivery(String token) throws Exception {
    return new PullRequestDelivery(
        PullRequestDelivery.route(
            repo,
            "HEAD",
            Optional.of("github"),
            Optional.of(github.api()),
            Optional.of("acme/shop"),
            Optional.empty(),
            ForgeToken.of(token)),
        audit::add,
        progress::add,
        Clock.systemUTC());
  }

  PullRequestDelivery.Outcome deliver(
      Delivered fix, Decision decision, PullRequestDelivery.Revision revision) throws Exception {
    return delivery(GitHubOverOrigin.TOKEN)
        .deliver(repo, fix.branch(), decision, "Kintsugi: fix A", "body", WAIT, POLL, revision);
  }

  List<String> actions() {
    return audit.stream().map(AuditRecord::action).toList();
  }

  @Test
  void aResumedRunDeliversOntoItsBranchAndReusesItsOpenRequest() throws Exception {
    String branch = "kintsugi/fix-i7-r12";
    FixCommit fix = new FixCommit(repo, base, List.of(change(2)), "Fix A\n");
    Clock first = Clock.fixed(java.time.Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
    Clock later = Clock.fixed(java.time.Instant.parse("2026-01-01T10:05:00Z"), ZoneOffset.UTC);
    Delivered made = new BranchDelivery(first, Optional.of(branch)).deliver(fix);
    PullRequestDelivery.Outcome opened =
        delivery(GitHubOverOrigin.TOKEN)
            .reusingOpenRequests(true)
            .deliver(
                repo,
                branch,
                Decision.REQUIRE_APPROVAL,
                "Fix A",
                "body",
                WAIT,
                POLL,
                PullRequestDelivery.Revision.NONE);
    assertThat(opened.pullRequest()).map(pr -> pr.number()).contains(1);

    // The node died here; another one heals the run again and finds the same fix.
    Delivered again = new BranchDelivery(later, Optional.of(branch)).deliver(fix);
    assertThat(again).as("the same branch and commit, reused").isEqualTo(made);
    PullRequestDelivery.Outcome reused =
        delivery(GitHubOverOrigin.TOKEN)
            .reusingOpenRequests(true)
            .deliver(
                repo,
                branch,
                Decision.REQUIRE_APPROVAL,
                "Fix A",
                "body",
                WAIT,
                POLL,
                PullRequestDelivery.Revision.NONE);
    assertThat(reused.failed()).as(reused.summary()).isFalse();
    assertThat(reused.pullRequest()).map(pr -> pr.number()).contains(1);

    // Or it finds another fix: a new commit on top of the branch, pushed; still one request.
    Delivered other =
        new BranchDelivery(later, Optional.of(branch))
            .deliver(new FixCommit(repo, base, List.of(change(3)), "Fix A otherwise\n"));
    assertThat(other.branch()).isEqualTo(branch);
    assertThat(git.run("rev-parse", branch + "^")).isEqualTo(made.commit());
    assertThat(git.run("show", branch + ":src/A.java")).isEqualTo("class A { int x = 3; }");
    PullRequestDelivery.Outcome moved =
        delivery(GitHubOverOrigin.TOKEN)
            .reusingOpenRequests(true)
            .deliver(
                repo,
                branch,
                Decision.REQUIRE_APPROVAL,
                "Fix A",
                "body",
                WAIT,
                POLL,
                PullRequestDelivery.Revision.NONE);
    assertThat(moved.pullRequest()).map(pr -> pr.headSha()).contains(other.commit());
    assertThat(github.originHead(branch)).isEqualTo(other.commit());
    assertThat(github.http.requests("POST", "/repos/acme/shop/pulls")).hasSize(1);
    assertThat(github.pulls).hasSize(1);
    assertThat(actions())
        .containsExactly(
            "branch.pushed",
            "pull_request.opened",
            "branch.pushed",
            "pull_request.reused",
            "branch.pushed",
            "pull_request.reused");
  }

  @Test
  void withoutReuseEveryDeliveryOpensItsOwnRequest() throws Exception {
    Delivered fix = fixBranch();
    deliver(fix, Decision.REQUIRE_APPROVAL, PullRequestDelivery.Revision.NONE);
    assertThat(github.http.requests("GET", "/repos/acme/shop/pulls")).isEmpty();
  }

  @Test
  void approvalRequiredPushesAndOpensALabelledRequestAgainstTheHealedBranch() throws Exception {
    Delivered fix = fixBranch();

    PullRequestDelivery.Outcome outcome =
        deliver(fix, Decision.REQUIRE_APPROVAL, PullRequestDelivery.Revision.NONE);

    assertThat(outcome.failed()).isFalse();
    assertThat(outcome.merged()).isFalse();
    assertThat(outcome.pullRequest()).isPresent();
    assertThat(outcome.pullRequest().get().url())
        .isEqualTo("https://github.example/acme/shop/pull/1");
    assertThat(outcome.summary())
        .isEqualTo("pull request #1 opened against main; approval required");
    assertThat(github.originHead(fix.branch())).isEqualTo(fix.commit());
    var create = github.http.requests("POST", "/repos/acme/shop/pulls").get(0).json();
    assertThat(create.path("head").asText()).isEqualTo(fix.branch());
    assertThat(create.path("base").asText()).isEqualTo("main");
    assertThat(create.path("title").asText()).isEqualTo("Kintsugi: fix A");
    assertThat(github.labels(1)).containsExactly("kintsugi", "auto-fix");
    assertThat(github.http.requests("PUT", ".*/merge")).isEmpty();
    assertThat(actions()).containsExactly("branch.pushed", "pull_request.opened");
    assertThat(audit.get(1).detail()).containsEntry("number", "1").containsEntry("base", "main");
  }

  @Test
  void autoMergeMergesOnceTheChecksAreGreen() throws Exception {
    Delivered fix = fixBranch();
    // Pending twice, then green.
    int[] asked = {0};
    github.checks = sha -> ++asked[0] < 3 ? null : "success";

    PullRequestDelivery.Outcome outcome =
        deliver(fix, Decision.AUTO_MERGE, PullRequestDelivery.Revision.NONE);

    assertThat(outcome.merged()).as(outcome.summary()).isTrue();
    assertThat(outcome.summary())
        .startsWith("pull request #1 opened and merged after its checks passed (merge commit ");
    assertThat(github.http.requests("PUT", ".*/pulls/1/merge").get(0).json().path("sha").asText())
        .isEqualTo(fix.commit());
    assertThat(actions())
        .containsExactly("branch.pushed", "pull_request.opened", "pull_request.merged");
  }

  @Test
  void autoMergeWhoseChecksFailRevisesTheFixOnceAndMergesTheRevision() throws Exception {
    Delivered fix = fixBranch();
    String[] revised = new String[1];
    github.checks = sha -> sha.equals(fix.commit()) ? "failure" : "success";
    List<String> failuresSeen = new ArrayList<>();

    PullRequestDelivery.Outcome outcome =
        deliver(
            fix,
            Decision.AUTO_MERGE,
            failures -> {
              failuresSeen.addAll(failures);
              try {
                revised[0] =
                    new BranchDelivery(Clock.systemUTC())
                        .advance(
                            new FixCommit(repo, base, List.of(change(3)), "Fix A again\n"),
                            fix.branch(),
                            fix.commit());
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
              return Optional.of(revised[0]);
            });

    assertThat(failuresSeen).singleElement().asString().contains("build");
    assertThat(outcome.merged()).isTrue();
    assertThat(outcome.summary()).contains("merged after its checks passed on the revised fix");
    // The revision went forward on the same branch, was pushed, and merged at its commit.
    assertThat(git.run("rev-parse", revised[0] + "^")).isEqualTo(fix.commit());
    assertThat(github.originHead(fix.branch())).isEqualTo(revised[0]);
    assertThat(github.http.requests("PUT", ".*/pulls/1/merge").get(0).json().path("sha").asText())
        .isEqualTo(revised[0]);
    assertThat(github.comments).singleElement().asString().contains("replaced the fix");
    assertThat(actions())
        .containsExactly(
            "branch.pushed", "pull_request.opened", "branch.updated", "pull_request.merged");
  }

  @Test
  void checksThatFailWithoutARevisionLeaveTheRequestForAPerson() throws Exception {
    Delivered fix = fixBranch();
    github.checks = sha -> "failure";

    PullRequestDelivery.Outcome outcome =
        deliver(fix, Decision.AUTO_MERGE, PullRequestDelivery.Revision.NONE);

    assertThat(outcome.merged()).isFalse();
    assertThat(outcome.failed()).isFalse();
    assertThat(outcome.summary())
        .startsWith("pull request #1 opened; its checks failed (build")
        .endsWith("not merged; left for a person to approve");
    assertThat(github.comments).singleElement().asString().contains("did not merge");
    assertThat(github.http.requests("PUT", ".*/merge")).isEmpty();
  }

  @Test
  void checksThatNeverFinishOrDoNotExistAreNotGreen() throws Exception {
    Delivered fix = fixBranch();
    github.checks = sha -> "pending-forever".isEmpty() ? null : null;

    PullRequestDelivery.Outcome none =
        delivery(GitHubOverOrigin.TOKEN)
            .deliver(
                repo,
                fix.branch(),
                Decision.AUTO_MERGE,
                "t",
                "b",
                Duration.ZERO,
                POLL,
                PullRequestDelivery.Revision.NONE);

    assertThat(none.merged()).isFalse();
    assertThat(none.summary()).contains("the forge reports no checks for it");
    assertThat(github.http.requests("PUT", ".*/merge")).isEmpty();
  }

  @Test
  void withheldPushesNothingAndNotifyOnlyPushesWithoutARequest() throws Exception {
    Delivered fix = fixBranch();

    PullRequestDelivery.Outcome withheld =
        deliver(fix, Decision.WITHHELD, PullRequestDelivery.Revision.NONE);
    assertThat(withheld.summary())
        .isEqualTo(
            "withheld by the policy: the fix is on local branch "
                + fix.branch()
                + ", nothing pushed");
    assertThat(github.originHead(fix.branch())).isNull();
    assertThat(github.http.requests()).isEmpty();

    PullRequestDelivery.Outcome notify =
        deliver(fix, Decision.NOTIFY_ONLY, PullRequestDelivery.Revision.NONE);
    assertThat(notify.summary())
        .isEqualTo("branch " + fix.branch() + " pushed to origin; no pull request (notify only)");
    assertThat(github.originHead(fix.branch())).isEqualTo(fix.commit());
    assertThat(github.http.requests("POST", "/repos/acme/shop/pulls")).isEmpty();
  }

  @Test
  void aRefusedTokenFailsSayingWhereTheFixIsAndNeverShowingTheToken() throws Exception {
    Delivered fix = fixBranch();

    PullRequestDelivery.Outcome outcome =
        delivery("ghp_wrongTokenXYZ0123456789")
            .deliver(
                repo,
                fix.branch(),
                Decision.REQUIRE_APPROVAL,
                "t",
                "b",
                WAIT,
                POLL,
                PullRequestDelivery.Revision.NONE);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.pullRequest()).isEmpty();
    assertThat(outcome.summary())
        .startsWith("opening the pull request failed: ")
        .contains("401")
        .endsWith("the fix is on branch " + fix.branch() + ", pushed to origin")
        .doesNotContain("ghp_wrongTokenXYZ0123456789");
    assertThat(actions()).containsExactly("branch.pushed", "delivery.failed");
  }

  @Test
  void aBaseBranchTheForgeDoesNotHaveFailsClearly() throws Exception {
    Delivered fix = fixBranch();
    PullRequestDelivery delivery =
        new PullRequestDelivery(
            PullRequestDelivery.route(
                repo,
                "HEAD",
                Optional.of("github"),
                Optional.of(github.api()),
                Optional.of("acme/shop"),
                Optional.of("release-9"),
                ForgeToken.of(GitHubOverOrigin.TOKEN)),
            audit::add,
            progress::add,
            Clock.systemUTC());

    PullRequestDelivery.Outcome outcome =
        delivery.deliver(
            repo,
            fix.branch(),
            Decision.REQUIRE_APPROVAL,
            "t",
            "b",
            WAIT,
            POLL,
            PullRequestDelivery.Revision.NONE);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.summary()).contains("422").contains("base");
  }

  @Test
  void aRejectedPushOpensNoRequestAndLeavesOnlyTheLocalBranch() throws Exception {
    Delivered fix = fixBranch();
    // Someone else's commit already sits on that branch name in origin: not a fast-forward.
    git.run("checkout", "-q", "-b", "other");
    Files.writeString(repo.resolve("src/B.java"), "class B {}\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "other work");
    git.run("push", "-q", "origin", "other:refs/heads/" + fix.branch());
    String theirs = git.run("rev-parse", "other");
    git.run("checkout", "-q", "main");

    PullRequestDelivery.Outcome outcome =
        deliver(fix, Decision.REQUIRE_APPROVAL, PullRequestDelivery.Revision.NONE);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.summary())
        .startsWith("pushing " + fix.branch() + " to origin failed: ")
        .endsWith("the fix is on local branch " + fix.branch() + " only");
    assertThat(github.originHead(fix.branch())).isEqualTo(theirs);
    assertThat(github.http.requests("POST", "/repos/acme/shop/pulls")).isEmpty();
    assertThat(git.run("rev-parse", fix.branch())).isEqualTo(fix.commit());
  }

  @Test
  void routesNeedATokenAnOriginAndABranch() throws Exception {
    assertThatThrownBy(
            () ->
                PullRequestDelivery.route(
                    repo,
                    "HEAD",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    ForgeToken.none()))
        .isInstanceOf(ForgeException.class)
        .hasMessageStartingWith("no forge token: set KINTSUGI_FORGE_TOKEN");
    // origin is a local path: the forge cannot be inferred from it.
    assertThatThrownBy(
            () ->
                PullRequestDelivery.route(
                    repo,
                    "HEAD",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    ForgeToken.of("t")))
        .isInstanceOf(ForgeException.class)
        .hasMessageContaining("--forge");
    git.run("checkout", "-q", "--detach");
    assertThatThrownBy(
            () ->
                PullRequestDelivery.route(
                    repo,
                    "HEAD",
                    Optional.of("github"),
                    Optional.of(github.api()),
                    Optional.of("acme/shop"),
                    Optional.empty(),
                    ForgeToken.of("t")))
        .hasMessageStartingWith("HEAD is detached")
        .hasMessageContaining("--base");
    git.run("remote", "remove", "origin");
    assertThatThrownBy(
            () ->
                PullRequestDelivery.route(
                    repo,
                    "main",
                    Optional.of("github"),
                    Optional.of(github.api()),
                    Optional.of("acme/shop"),
                    Optional.empty(),
                    ForgeToken.of("t")))
        .hasMessageContaining("no remote 'origin'");
    assertThat(ForgeToken.of("secret").toString()).doesNotContain("secret");
  }
}
