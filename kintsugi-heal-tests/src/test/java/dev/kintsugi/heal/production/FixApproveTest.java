package dev.kintsugi.heal.production;

import static dev.kintsugi.heal.production.WatchAfterReleaseTest.BUGGY;
import static dev.kintsugi.heal.production.WatchAfterReleaseTest.CART;
import static dev.kintsugi.heal.production.WatchAfterReleaseTest.FIXED;
import static dev.kintsugi.heal.production.WatchAfterReleaseTest.REPRO;
import static dev.kintsugi.heal.production.WatchAfterReleaseTest.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.ApprovalOutcome;
import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.FixApproval;
import dev.kintsugi.core.incident.PullRequestRef;
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
import java.net.URI;
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
 * Approving a fix ({@link ProductionHealer#approve}) on real git repositories: the base branch of a
 * bare repository fast-forwards to the fix, or gets a merge commit made in the object database when
 * it moved on; a base branch checked out in a working tree (the repository's own, a linked
 * worktree, a local origin's) is never moved, and the outcome names it; a conflict changes nothing;
 * a pull request is merged through a (fake) Gitea at the commit the person saw, once its checks
 * pass.
 */
class FixApproveTest {

  static final String BRANCH = "kintsugi/fix-1234abcd";

  @TempDir Path tmp;
  private Git dev;
  private String before;
  private String fix;
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private final AuditLog trail = audit::add;

  /** dev: main at c1 (the bug); the fix branch: F on c1, holding the fix and its reproduction. */
  @BeforeEach
  void repository() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("dev"));
    write(work, CART, BUGGY);
    write(work, "README.md", "shop\n");
    dev = Git.initWithCommit(work);
    before = dev.run("rev-parse", "HEAD");
    dev.run("checkout", "-q", "-b", BRANCH);
    write(work, CART, FIXED);
    write(work, REPRO, "package shop;\nclass CartReproductionTest {}\n");
    dev.run("add", "-A");
    dev.run("commit", "-q", "-m", "Fix off-by-one in Cart.total");
    fix = dev.run("rev-parse", "HEAD");
    dev.run("checkout", "-q", "main");
  }

  static void write(Path root, String file, String text) throws Exception {
    Path p = root.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
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

  private FixApproval approval(
      String repository, DeliveryRequest how, Optional<PullRequestRef> pullRequest) {
    return new FixApproval(
        7,
        "ArrayIndexOutOfBoundsException: Index 2 out of bounds for length 2",
        repository,
        List.of(),
        BRANCH,
        fix,
        Optional.of(before),
        pullRequest,
        how,
        "ana");
  }

  private Path bareClone() {
    Path bare = tmp.resolve("shop.git");
    new Git(tmp).run("clone", "-q", "--bare", dev.dir().toString(), bare.toString());
    return bare;
  }

  private List<String> actions() {
    return audit.stream().map(AuditRecord::action).toList();
  }

  @Test
  void theBaseOfABareRepositoryFastForwardsToTheFix() {
    Path bare = bareClone();

    ApprovalOutcome outcome =
        healer()
            .approve(approval(bare.toString(), DeliveryRequest.BRANCH, Optional.empty()), trail);

    assertThat(outcome.result()).as(outcome.summary()).isEqualTo(ApprovalOutcome.Result.MERGED);
    assertThat(outcome.mergeCommit()).contains(fix);
    assertThat(outcome.summary()).contains("fast-forwarded");
    assertThat(new Git(bare).run("rev-parse", "main")).isEqualTo(fix);
    assertThat(actions()).containsExactly("fix.approved", "branch.merged");
    assertThat(audit).allMatch(r -> r.actor().equals("ana"));
    assertThat(audit.get(1).detail())
        .containsEntry("into", "main")
        .containsEntry("commit", fix)
        .containsEntry("fixCommit", fix);
  }

  @Test
  void aBaseThatMovedOnGetsAMergeCommitMadeWithoutAWorkingTree() throws Exception {
    write(dev.dir(), "README.md", "shop\n\nA shop.\n");
    dev.run("commit", "-q", "-am", "docs");
    String docs = dev.run("rev-parse", "HEAD");
    Path bare = bareClone();

    ApprovalOutcome outcome =
        healer()
            .approve(approval(bare.toString(), DeliveryRequest.BRANCH, Optional.empty()), trail);

    assertThat(outcome.result()).as(outcome.summary()).isEqualTo(ApprovalOutcome.Result.MERGED);
    Git git = new Git(bare);
    String merge = git.run("rev-parse", "main");
    assertThat(outcome.mergeCommit()).contains(merge);
    assertThat(git.run("rev-parse", "main^1")).isEqualTo(docs);
    assertThat(git.run("rev-parse", "main^2")).isEqualTo(fix);
    assertThat(git.run("show", "main:" + CART) + "\n").isEqualTo(FIXED);
    assertThat(git.run("show", "main:README.md")).contains("A shop.");
    assertThat(git.run("show", "-s", "--format=%B", "main"))
        .startsWith("Merge Kintsugi fix " + BRANCH + " into main")
        .contains("Approved by ana")
        .contains("made on " + before);
    assertThat(audit.get(1).detail()).containsEntry("how", "merge commit " + merge);
  }

  @Test
  void aBaseCheckedOutInTheRepositorysWorkingTreeIsLeftAloneAndNamed() throws Exception {
    String state = dev.checkoutState();

    ApprovalOutcome outcome =
        healer()
            .approve(
                approval(dev.dir().toString(), DeliveryRequest.BRANCH, Optional.empty()), trail);

    assertThat(outcome.result())
        .as(outcome.summary())
        .isEqualTo(ApprovalOutcome.Result.APPROVED_NOT_MERGED);
    assertThat(outcome.summary())
        .contains("main is checked out in " + dev.dir().toRealPath())
        .contains("merge " + BRANCH);
    assertThat(dev.checkoutState()).isEqualTo(state);
    assertThat(dev.run("rev-parse", "main")).isEqualTo(before);
    assertThat(actions()).containsExactly("fix.approved", "fix.not_merged");
  }

  @Test
  void aBaseCheckedOutInALinkedWorktreeIsLeftAloneAndNamed() throws Exception {
    Path bare = bareClone();
    Path linked = tmp.resolve("linked");
    new Git(bare).run("worktree", "add", "-q", linked.toString(), "main");

    ApprovalOutcome outcome =
        healer()
            .approve(approval(bare.toString(), DeliveryRequest.BRANCH, Optional.empty()), trail);

    assertThat(outcome.result())
        .as(outcome.summary())
        .isEqualTo(ApprovalOutcome.Result.APPROVED_NOT_MERGED);
    assertThat(outcome.summary()).contains("main is checked out in " + linked.toRealPath());
    assertThat(new Git(bare).run("rev-parse", "main")).isEqualTo(before);
    assertThat(new Git(linked).run("status", "--porcelain")).isEmpty();
  }

  @Test
  void aFixThatConflictsWithTheBaseChangesNothing() throws Exception {
    write(dev.dir(), CART, BUGGY.replace("i <= prices.length", "i <= prices.length && i < 9"));
    dev.run("commit", "-q", "-am", "bound the loop");
    String head = dev.run("rev-parse", "HEAD");
    Path bare = bareClone();

    ApprovalOutcome outcome =
        healer()
            .approve(approval(bare.toString(), DeliveryRequest.BRANCH, Optional.empty()), trail);

    assertThat(outcome.result()).as(outcome.summary()).isEqualTo(ApprovalOutcome.Result.FAILED);
    assertThat(outcome.summary()).contains("conflicts").contains(CART);
    assertThat(new Git(bare).run("rev-parse", "main")).isEqualTo(head);
    assertThat(actions()).containsExactly("fix.approved", "fix.merge_failed");
  }

  @Test
  void aRepositoryRegisteredByUrlGetsTheMergePushedUnlessItsBaseIsCheckedOutThere()
      throws Exception {
    Path origin = bareClone();

    ApprovalOutcome outcome =
        healer()
            .approve(
                approval(origin.toUri().toString(), DeliveryRequest.BRANCH, Optional.empty()),
                trail);

    assertThat(outcome.result()).as(outcome.summary()).isEqualTo(ApprovalOutcome.Result.MERGED);
    assertThat(new Git(origin).run("rev-parse", "main")).isEqualTo(fix);

    // An origin with a working tree that has main checked out is not pushed to.
    String state = dev.checkoutState();
    ApprovalOutcome toCheckout =
        healer()
            .approve(
                approval(dev.dir().toUri().toString(), DeliveryRequest.BRANCH, Optional.empty()),
                trail);
    assertThat(toCheckout.result())
        .as(toCheckout.summary())
        .isEqualTo(ApprovalOutcome.Result.APPROVED_NOT_MERGED);
    assertThat(toCheckout.summary()).contains("main is checked out in");
    assertThat(dev.checkoutState()).isEqualTo(state);
  }

  @Test
  void aPullRequestIsMergedThroughTheForgeAtTheCommitThePersonSaw() throws Exception {
    Path origin = bareClone();
    try (FakeGitea gitea = new FakeGitea(origin, "acme/shop", TOKEN)) {
      PullRequestRef pr = open(gitea);

      // Checks that failed leave it open, with a comment saying who approved it.
      gitea.checks("failure");
      ApprovalOutcome failing = healer().approve(viaForge(origin, gitea, pr), trail);
      assertThat(failing.result())
          .as(failing.summary())
          .isEqualTo(ApprovalOutcome.Result.APPROVED_NOT_MERGED);
      assertThat(failing.summary()).contains("checks failed");
      assertThat(gitea.pulls().get(0).merged()).isFalse();

      gitea.checks("success");
      audit.clear();
      ApprovalOutcome outcome = healer().approve(viaForge(origin, gitea, pr), trail);

      assertThat(outcome.result()).as(outcome.summary()).isEqualTo(ApprovalOutcome.Result.MERGED);
      FakeGitea.Pull pull = gitea.pulls().get(0);
      assertThat(pull.merged()).isTrue();
      assertThat(outcome.mergeCommit()).contains(pull.mergeCommit());
      assertThat(new Git(origin).run("rev-parse", "main")).isEqualTo(pull.mergeCommit());
      assertThat(actions()).containsExactly("fix.approved", "pull_request.merged");
      assertThat(audit).allMatch(r -> r.actor().equals("ana"));
      assertThat(
              gitea.requests().stream()
                  .filter(r -> r.path().endsWith("/issues/1/comments"))
                  .map(FakeGitea.Request::body))
          .anyMatch(b -> b.contains("Approved by ana") && b.contains("checks failed"))
          .anyMatch(b -> b.contains("Approved by ana") && b.contains("merged (commit " + fix));
      assertThat(gitea.requests()).allMatch(r -> ("token " + TOKEN).equals(r.authorization()));
      assertThat(audit.toString() + outcome).doesNotContain(TOKEN);
    }
  }

  @Test
  void aPullRequestWhoseHeadMovedSinceItWasSeenIsNotMerged() throws Exception {
    Path origin = bareClone();
    try (FakeGitea gitea = new FakeGitea(origin, "acme/shop", TOKEN)) {
      PullRequestRef pr = open(gitea);
      dev.run("checkout", "-q", BRANCH);
      write(dev.dir(), "NOTES.md", "pushed by someone\n");
      dev.run("add", "-A");
      dev.run("commit", "-q", "-m", "someone else's commit");
      dev.run("push", "-q", origin.toString(), BRANCH + ":" + BRANCH);

      ApprovalOutcome outcome = healer().approve(viaForge(origin, gitea, pr), trail);

      assertThat(outcome.result()).as(outcome.summary()).isEqualTo(ApprovalOutcome.Result.FAILED);
      assertThat(gitea.pulls().get(0).merged()).isFalse();
      assertThat(new Git(origin).run("rev-parse", "main")).isEqualTo(before);
    }
  }

  /** Opens the fix's pull request on the fake Gitea, as the heal did. */
  private PullRequestRef open(FakeGitea gitea) throws Exception {
    PullRequest opened =
        Forges.connect(new ForgeTarget(ForgeKind.GITEA, gitea.apiUrl(), "acme/shop"), TOKEN)
            .open(
                new PullRequestDraft(
                    BRANCH, "main", "Fix", "the fix", PullRequestDraft.DEFAULT_LABELS));
    return new PullRequestRef(opened.url(), opened.number());
  }

  private FixApproval viaForge(Path origin, FakeGitea gitea, PullRequestRef pr) {
    return approval(origin.toUri().toString(), pullRequests(gitea.apiUrl()), Optional.of(pr));
  }

  static DeliveryRequest pullRequests(URI api) {
    return new DeliveryRequest(
        DeliveryRequest.Mode.PR,
        Optional.of("gitea"),
        Optional.of(api),
        Optional.of("acme/shop"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }
}
