package dev.kintsugi.heal.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.RevertOutcome;
import dev.kintsugi.core.incident.RevertRequest;
import dev.kintsugi.core.learn.TrackRecord;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
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
 * After release, on real git repositories: whether a release an event names contains a merged fix
 * ({@link ProductionHealer#contains}: only releases of trusted history count), and reverting a fix
 * that came back ({@link ProductionHealer#revert}): the ledger lowered, the revert built on the
 * base branch's head, pushed as a branch or opened as a pull request on a (fake) Gitea.
 */
class WatchAfterReleaseTest {

  static final String CART = "src/main/java/shop/Cart.java";
  static final String REPRO = "src/test/java/shop/CartReproductionTest.java";
  static final String BUGGY =
      "package shop;\n\npublic class Cart {\n  public int total(int[] prices) {\n"
          + "    int sum = 0;\n    for (int i = 0; i <= prices.length; i++) {\n"
          + "      sum += prices[i];\n    }\n    return sum;\n  }\n}\n";
  static final String FIXED = BUGGY.replace("i <= prices.length", "i < prices.length");
  static final String TOKEN = "gitea-token-5f1c";

  @TempDir Path tmp;
  private Git dev;
  private Path origin;
  private String url;
  private String oldRelease;
  private String fix;
  private String merge;
  private String release;
  private String untrusted;
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private final AuditLog trail = audit::add;

  /**
   * main: c1 (the bug, release 1.0) → c2 → M (merges the fix F, made on c1) → c3 (release 2.0);
   * branch attacker: a commit on top of F that no trusted ref reaches.
   */
  @BeforeEach
  void repositories() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("dev"));
    write(work, CART, BUGGY);
    write(work, "README.md", "shop\n");
    dev = Git.initWithCommit(work);
    oldRelease = dev.run("rev-parse", "HEAD");
    dev.run("tag", "-a", "-m", "1.0", "v1.0");
    dev.run("checkout", "-q", "-b", "kintsugi/fix-1234abcd");
    write(work, CART, FIXED);
    write(work, REPRO, "package shop;\nclass CartReproductionTest {}\n");
    dev.run("add", "-A");
    dev.run("commit", "-q", "-m", "Fix off-by-one in Cart.total");
    fix = dev.run("rev-parse", "HEAD");
    dev.run("checkout", "-q", "-b", "attacker");
    write(work, "README.md", "shop, by someone else\n");
    dev.run("commit", "-q", "-am", "untrusted");
    untrusted = dev.run("rev-parse", "HEAD");
    dev.run("checkout", "-q", "main");
    write(work, "README.md", "shop\n\nA shop.\n");
    dev.run("commit", "-q", "-am", "docs");
    dev.run("merge", "-q", "--no-ff", "-m", "Merge the fix", "kintsugi/fix-1234abcd");
    merge = dev.run("rev-parse", "HEAD");
    write(work, "NOTES.md", "later\n");
    dev.run("add", "-A");
    dev.run("commit", "-q", "-m", "later work");
    release = dev.run("rev-parse", "HEAD");
    dev.run("tag", "-a", "-m", "2.0", "v2.0");
    origin = tmp.resolve("origin.git");
    new Git(tmp).run("clone", "-q", "--bare", work.toString(), origin.toString());
    url = origin.toUri().toString(); // file://: a URL, so the healer mirrors it
  }

  private static void write(Path root, String file, String text) throws Exception {
    Path p = root.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private ProductionHealer healer() {
    return healer(tmp.resolve("mirrors"));
  }

  private ProductionHealer healer(Path mirrors) {
    HealOptions template =
        HealOptions.defaults(tmp)
            .withWorkDir(tmp.resolve("work"))
            .withMemoryDir(tmp.resolve("memory"))
            .withDelivery(DeliveryOptions.BRANCH_ONLY.withToken(ForgeToken.of(TOKEN)));
    return new ProductionHealer(template, mirrors, Progress.silent(), Clock.systemUTC());
  }

  /** The fix as the heal remembered it when it delivered it, in the memory at {@code dir}. */
  static FixMemory remembered(Path dir) {
    FixMemory memory = FixMemory.open(dir);
    memory.learn(
        List.of(
            new TestOutcome(
                new TestId("shop.CartReproductionTest", "total"),
                TestStatus.ERROR,
                3,
                "java.lang.ArrayIndexOutOfBoundsException",
                "Index 2 out of bounds for length 2",
                "java.lang.ArrayIndexOutOfBoundsException\n\tat shop.Cart.total(Cart.java:7)\n")),
        new Candidate(
            "template:off-by-one",
            "<= → < at Cart.java:6",
            List.of(new FileChange(CART, BUGGY, FIXED)),
            0.9),
        FixMemory.DELIVERED);
    return memory;
  }

  private RevertRequest request(DeliveryRequest how, Optional<String> mergeCommit) {
    return new RevertRequest(
        7,
        "ArrayIndexOutOfBoundsException: Index 2 out of bounds for length 2",
        url,
        fix,
        mergeCommit,
        release,
        List.of(),
        how,
        "{\"status\":\"fixed\",\"fix\":{\"files\":[\""
            + CART
            + "\"],\"repairer\":\"template:off-by-one\",\"explanation\":\"<= → <\"}}");
  }

  @Test
  void onlyAReleaseOfTrustedHistoryThatHoldsTheFixContainsIt() {
    ProductionHealer healer = healer();
    List<String> commits = List.of(fix, merge);

    assertThat(healer.contains(url, release, commits, List.of())).isTrue();
    assertThat(healer.contains(url, merge, commits, List.of())).isTrue();
    assertThat(healer.contains(url, release.substring(0, 10), List.of(merge), List.of())).isTrue();
    // Older releases, deployed before the fix: no.
    assertThat(healer.contains(url, oldRelease, commits, List.of())).isFalse();
    assertThat(healer.contains(url, "v1.0", commits, List.of("main", "v*"))).isFalse();
    // A tag counts only when trusted.
    assertThat(healer.contains(url, "v2.0", commits, List.of())).isFalse();
    assertThat(healer.contains(url, "v2.0", commits, List.of("main", "v*"))).isTrue();
    // A commit holding the fix that no trusted ref reaches says nothing...
    assertThat(healer.contains(url, untrusted, commits, List.of())).isFalse();
    // ...unless its branch is trusted (the check is real).
    assertThat(healer.contains(url, untrusted, commits, List.of("attacker"))).isTrue();
    // Unknown releases and revision syntax are never resolved.
    for (String bad :
        List.of(
            "",
            "1.0.0-SNAPSHOT",
            "deadbeefdeadbeef",
            "main",
            "HEAD",
            "main~1",
            merge + "^2",
            "@{-1}",
            "origin/main")) {
      assertThat(healer.contains(url, bad, commits, List.of())).as(bad).isFalse();
    }
    // A repository that is not there: cannot tell, so no.
    assertThat(healer.contains(tmp.resolve("none").toUri().toString(), release, commits, List.of()))
        .isFalse();
  }

  @Test
  void aRegressedFixIsRevertedOnTheBaseBranchPushedAndCountedFailedInTheLedger() throws Exception {
    remembered(tmp.resolve("memory"));
    ProductionHealer healer = healer();

    RevertOutcome outcome =
        healer.revert(request(DeliveryRequest.BRANCH, Optional.of(merge)), trail);

    assertThat(outcome.reverted()).as(outcome.summary()).isTrue();
    String branch = "kintsugi/revert-" + fix.substring(0, 12);
    assertThat(outcome.branch()).contains(branch);
    assertThat(outcome.pullRequest()).isEmpty();
    assertThat(outcome.summary()).contains("pushed branch " + branch);
    // On origin, on top of main's head (the true merge brought F in: F is what is reverted).
    Git bare = new Git(origin);
    assertThat(bare.run("rev-parse", branch + "^")).isEqualTo(release);
    assertThat(bare.run("show", branch + ":" + CART) + "\n").isEqualTo(BUGGY);
    assertThat(bare.run("ls-tree", "-r", "--name-only", branch)).doesNotContain(REPRO);
    assertThat(bare.run("show", "-s", "--format=%B", branch))
        .startsWith("Revert Kintsugi fix for ArrayIndexOutOfBoundsException")
        .contains("This reverts commit " + fix)
        .contains("release " + release);
    // The ledger: the fix is recorded failed, its family's record drops.
    FixMemory memory = FixMemory.open(tmp.resolve("memory"));
    assertThat(memory.trackRecord("template")).isEqualTo(new TrackRecord(0, 1));
    assertThat(outcome.ledger()).contains("recorded as regressed").contains("1 failed");
    AuditRecord reverted =
        audit.stream().filter(r -> r.action().equals("fix.reverted")).findFirst().orElseThrow();
    assertThat(reverted.detail())
        .containsEntry("fixCommit", fix)
        .containsEntry("reverted", fix)
        .containsEntry("branch", branch)
        .containsEntry("release", release)
        .containsEntry("commit", outcome.commit().orElseThrow());

    // Told again (a second server, a retry): the branch exists, nothing more is done.
    RevertOutcome again = healer.revert(request(DeliveryRequest.BRANCH, Optional.of(merge)), trail);
    assertThat(again.reverted()).isFalse();
    assertThat(again.summary()).contains("already exists");
    assertThat(FixMemory.open(tmp.resolve("memory")).trackRecord("template"))
        .isEqualTo(new TrackRecord(0, 1));
  }

  @Test
  void aProjectThatDeliversPullRequestsGetsTheRevertAsOne() throws Exception {
    remembered(tmp.resolve("memory"));
    try (FakeGitea gitea = new FakeGitea(origin, "acme/shop", TOKEN)) {
      DeliveryRequest pr =
          new DeliveryRequest(
              DeliveryRequest.Mode.PR,
              Optional.of("gitea"),
              Optional.of(gitea.apiUrl()),
              Optional.of("acme/shop"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              List.of());

      RevertOutcome outcome = healer().revert(request(pr, Optional.of(merge)), trail);

      assertThat(outcome.reverted()).as(outcome.summary()).isTrue();
      assertThat(outcome.pullRequest()).isPresent();
      FakeGitea.Pull opened = gitea.pulls().get(0);
      assertThat(opened.title())
          .isEqualTo(
              "Revert Kintsugi fix for ArrayIndexOutOfBoundsException: Index 2 out of bounds for"
                  + " length 2");
      assertThat(opened.base()).isEqualTo("main");
      assertThat(opened.head()).isEqualTo("kintsugi/revert-" + fix.substring(0, 12));
      assertThat(opened.labels()).containsExactlyInAnyOrder("kintsugi", "auto-fix");
      assertThat(opened.body())
          .contains("The fix did not hold")
          .contains(release)
          .contains("recorded as regressed");
      assertThat(outcome.pullRequest().get().number()).isEqualTo(opened.number());
      assertThat(audit)
          .extracting(AuditRecord::action)
          .containsSubsequence("fix.reverted", "branch.pushed", "pull_request.opened");
      // The token went only to the API, in its header; never into what was recorded.
      assertThat(gitea.requests()).allMatch(r -> ("token " + TOKEN).equals(r.authorization()));
      assertThat(audit.toString()).doesNotContain(TOKEN);
      assertThat(outcome.toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void aSquashedFixIsRevertedByItsMergeCommitAndAMistypedOneIsNotTrusted() throws Exception {
    // main: c1, then S, the fix squashed into one commit of its own.
    dev.run("reset", "-q", "--hard", oldRelease);
    dev.run("merge", "-q", "--squash", "kintsugi/fix-1234abcd");
    dev.run("commit", "-q", "-m", "Fix off-by-one (squashed)");
    String squash = dev.run("rev-parse", "HEAD");
    dev.run("push", "-q", "--force", origin.toString(), "main:main");

    RevertOutcome outcome =
        healer(tmp.resolve("mirrors"))
            .revert(request(DeliveryRequest.BRANCH, Optional.of(squash)), trail);
    assertThat(outcome.reverted()).as(outcome.summary()).isTrue();
    assertThat(audit.get(0).detail()).containsEntry("reverted", squash);
    assertThat(new Git(origin).run("show", outcome.branch().orElseThrow() + ":" + CART) + "\n")
        .isEqualTo(BUGGY);

    // A "merge commit" that does not touch the fix's files (a typo) is not reverted: the fix is.
    audit.clear();
    new Git(origin).run("branch", "-D", outcome.branch().orElseThrow());
    String unrelated = new Git(dev.dir()).run("rev-parse", merge + "^1"); // "docs"
    RevertOutcome second =
        healer(tmp.resolve("mirrors-2"))
            .revert(request(DeliveryRequest.BRANCH, Optional.of(unrelated)), trail);
    assertThat(second.reverted()).as(second.summary()).isTrue();
    assertThat(audit.get(0).detail()).containsEntry("reverted", fix);
  }

  @Test
  void aRevertThatConflictsCreatesNothingSaysWhyAndStillLowersTheLedger() throws Exception {
    remembered(tmp.resolve("memory"));
    write(dev.dir(), CART, FIXED.replace("i < prices.length", "i < prices.length && i < 100"));
    dev.run("commit", "-q", "-am", "widen the sum");
    dev.run("push", "-q", origin.toString(), "main:main");

    RevertOutcome outcome =
        healer().revert(request(DeliveryRequest.BRANCH, Optional.of(merge)), trail);

    assertThat(outcome.reverted()).isFalse();
    assertThat(outcome.summary()).contains("conflicts in " + CART);
    assertThat(outcome.branch()).isEmpty();
    assertThat(new Git(origin).run("branch", "--list", "kintsugi/revert-*")).isEmpty();
    assertThat(audit).extracting(AuditRecord::action).containsExactly("fix.revert_failed");
    assertThat(FixMemory.open(tmp.resolve("memory")).trackRecord("template"))
        .isEqualTo(new TrackRecord(0, 1));
  }
}
