package dev.kintsugi.heal.production;

import static dev.kintsugi.heal.production.FixApproveTest.BRANCH;
import static dev.kintsugi.heal.production.FixApproveTest.pullRequests;
import static dev.kintsugi.heal.production.FixApproveTest.write;
import static dev.kintsugi.heal.production.WatchAfterReleaseTest.BUGGY;
import static dev.kintsugi.heal.production.WatchAfterReleaseTest.CART;
import static dev.kintsugi.heal.production.WatchAfterReleaseTest.FIXED;
import static dev.kintsugi.heal.production.WatchAfterReleaseTest.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.FixRejection;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.core.incident.RejectionOutcome;
import dev.kintsugi.core.learn.TrackRecord;
import dev.kintsugi.forge.ForgeKind;
import dev.kintsugi.forge.ForgeTarget;
import dev.kintsugi.forge.Forges;
import dev.kintsugi.forge.PullRequest;
import dev.kintsugi.forge.PullRequestDraft;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.loop.DeliveryOptions;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.testing.FakeGitea;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.learn.FixMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rejecting a fix ({@link ProductionHealer#reject}) on real git repositories: the fix is recorded
 * as rejected in the fix ledger (its repairer's track record counts it failed), its pull request on
 * a (fake) Gitea is closed with a comment saying who rejected it and why, and its branch is kept.
 */
class FixRejectTest {

  static final String REPORT =
      "{\"status\":\"fixed\",\"fix\":{\"files\":[\"" + CART + "\"],\"repairer\":\"template:x\"}}";

  @TempDir Path tmp;
  private Git dev;
  private String fix;
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private final AuditLog trail = audit::add;

  @BeforeEach
  void repository() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("dev"));
    write(work, CART, BUGGY);
    dev = Git.initWithCommit(work);
    dev.run("checkout", "-q", "-b", BRANCH);
    write(work, CART, FIXED);
    dev.run("commit", "-q", "-am", "Fix off-by-one in Cart.total");
    fix = dev.run("rev-parse", "HEAD");
    dev.run("checkout", "-q", "main");
    WatchAfterReleaseTest.remembered(tmp.resolve("memory"));
  }

  private ProductionHealer healer() {
    HealOptions template =
        HealOptions.defaults(tmp)
            .withWorkDir(tmp.resolve("work"))
            .withMemoryDir(tmp.resolve("memory"))
            .withDelivery(DeliveryOptions.BRANCH_ONLY.withToken(ForgeToken.of(TOKEN)));
    return new ProductionHealer(
        template, tmp.resolve("mirrors"), Progress.silent(), Clock.systemUTC());
  }

  private FixRejection rejection(
      String repository, DeliveryRequest how, Optional<PullRequestRef> pr, String reason) {
    return new FixRejection(
        7,
        "ArrayIndexOutOfBoundsException",
        repository,
        List.of(),
        BRANCH,
        fix,
        pr,
        how,
        REPORT,
        "bob",
        Optional.ofNullable(reason));
  }

  @Test
  void aRejectedBranchFixIsCountedFailedInTheLedgerAndItsBranchKept() {
    assertThat(FixMemory.open(tmp.resolve("memory")).trackRecord("template"))
        .isEqualTo(new TrackRecord(1, 0));

    RejectionOutcome outcome =
        healer()
            .reject(
                rejection(dev.dir().toString(), DeliveryRequest.BRANCH, Optional.empty(), null),
                trail);

    assertThat(outcome.ledger()).contains("recorded as rejected").contains("0 kept, 1 failed");
    assertThat(FixMemory.open(tmp.resolve("memory")).trackRecord("template"))
        .isEqualTo(new TrackRecord(0, 1));
    assertThat(outcome.pullRequestClosed()).isFalse();
    assertThat(outcome.keptBranch()).contains(BRANCH);
    assertThat(outcome.summary()).contains("branch " + BRANCH + " kept");
    assertThat(dev.run("rev-parse", BRANCH)).isEqualTo(fix);
    assertThat(audit).extracting(AuditRecord::action).containsExactly("fix.rejected");
    assertThat(audit.get(0).actor()).isEqualTo("bob");
  }

  @Test
  void aRejectedPullRequestIsClosedWithWhoAndWhy() throws Exception {
    Path origin = tmp.resolve("shop.git");
    new Git(tmp).run("clone", "-q", "--bare", dev.dir().toString(), origin.toString());
    try (FakeGitea gitea = new FakeGitea(origin, "acme/shop", TOKEN)) {
      PullRequest opened =
          Forges.connect(new ForgeTarget(ForgeKind.GITEA, gitea.apiUrl(), "acme/shop"), TOKEN)
              .open(
                  new PullRequestDraft(
                      BRANCH, "main", "Fix", "the fix", PullRequestDraft.DEFAULT_LABELS));

      RejectionOutcome outcome =
          healer()
              .reject(
                  rejection(
                      origin.toUri().toString(),
                      pullRequests(gitea.apiUrl()),
                      Optional.of(new PullRequestRef(opened.url(), opened.number())),
                      "guards the symptom, not the cause"),
                  trail);

      assertThat(outcome.pullRequestClosed()).as(outcome.summary()).isTrue();
      assertThat(gitea.pulls().get(0).closed()).isTrue();
      assertThat(gitea.pulls().get(0).merged()).isFalse();
      assertThat(
              gitea.requests().stream()
                  .filter(r -> r.path().endsWith("/issues/1/comments"))
                  .map(FakeGitea.Request::body))
          .anyMatch(
              b ->
                  b.contains("Rejected by bob in Kintsugi: guards the symptom, not the cause")
                      && b.contains("is kept"));
      assertThat(new Git(origin).run("rev-parse", BRANCH)).isEqualTo(fix);
      assertThat(outcome.ledger()).contains("recorded as rejected");
      assertThat(audit)
          .extracting(AuditRecord::action)
          .containsExactly("fix.rejected", "pull_request.closed");
      assertThat(audit).allMatch(r -> r.actor().equals("bob"));
      assertThat(audit.get(0).detail())
          .containsEntry("reason", "guards the symptom, not the cause");

      // Rejected again (a retry): the request is closed already, the ledger not told twice.
      RejectionOutcome again =
          healer()
              .reject(
                  rejection(
                      origin.toUri().toString(),
                      pullRequests(gitea.apiUrl()),
                      Optional.of(new PullRequestRef(opened.url(), opened.number())),
                      null),
                  trail);
      assertThat(again.pullRequestClosed()).isFalse();
      assertThat(again.summary()).contains("no longer open");
      assertThat(FixMemory.open(tmp.resolve("memory")).trackRecord("template"))
          .isEqualTo(new TrackRecord(0, 1));
    }
  }
}
