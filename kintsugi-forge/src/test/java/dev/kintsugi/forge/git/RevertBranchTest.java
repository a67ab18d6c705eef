package dev.kintsugi.forge.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.forge.ForgeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevertBranchTest {

  static final String CART = "src/main/java/shop/Cart.java";
  static final String BEFORE = "class Cart {\n  int total() {\n    return sum;\n  }\n}\n";
  static final String FIXED =
      "class Cart {\n  int total() {\n    return sum == null ? 0 : sum;\n  }\n}\n";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path work;
  Git git;
  RevCommit base;
  RevCommit fix;
  RevCommit later;

  @BeforeEach
  void history() throws Exception {
    git = Repos.init(work);
    base = Repos.commit(git, "base", Map.of(CART, BEFORE, "README.md", "shop\n"));
    fix = Repos.commit(git, "Kintsugi: fix NPE in Cart.total", Map.of(CART, FIXED));
    later = Repos.commit(git, "docs", Map.of("README.md", "shop, healed\n", "docs/x.md", "x\n"));
  }

  @AfterEach
  void close() {
    git.close();
  }

  @Test
  void reverts_the_fix_on_the_current_head_in_a_new_branch() throws Exception {
    String sha =
        RevertBranch.create(
            work,
            fix.name(),
            later.name(),
            "kintsugi/revert-1a2b3c4d",
            "Revert the fix\n\nIt regressed.",
            CLOCK);

    assertThat(Repos.head(work, "kintsugi/revert-1a2b3c4d")).isEqualTo(sha);
    assertThat(Repos.file(work, sha, CART)).isEqualTo(BEFORE);
    assertThat(Repos.file(work, sha, "README.md")).isEqualTo("shop, healed\n");
    assertThat(Repos.file(work, sha, "docs/x.md")).isEqualTo("x\n");
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      RevCommit revert = walk.parseCommit(ObjectId.fromString(sha));
      assertThat(revert.getParents()).containsExactly(later);
      assertThat(revert.getFullMessage()).isEqualTo("Revert the fix\n\nIt regressed.");
      assertThat(revert.getAuthorIdent().getName()).isEqualTo("Kintsugi");
      assertThat(revert.getAuthorIdent().getWhenAsInstant()).isEqualTo(CLOCK.instant());
    }
    // The user's checkout is untouched: branch, HEAD and working tree.
    assertThat(git.getRepository().getBranch()).isEqualTo("main");
    assertThat(Repos.head(work, "main")).isEqualTo(later.name());
    assertThat(java.nio.file.Files.readString(work.resolve(CART))).isEqualTo(FIXED);
    assertThat(git.status().call().isClean()).isTrue();
  }

  @Test
  void the_revert_merges_like_git_revert() throws Exception {
    String sha = RevertBranch.create(work, fix.name(), later.name(), "kintsugi/revert-1", "Revert");

    MergeResult merge = git.merge().include(ObjectId.fromString(sha)).call();

    assertThat(merge.getMergeStatus().isSuccessful()).isTrue();
    assertThat(java.nio.file.Files.readString(work.resolve(CART))).isEqualTo(BEFORE);
  }

  @Test
  void a_conflict_names_the_files_and_creates_nothing() throws Exception {
    RevCommit edited =
        Repos.commit(
            git, "someone edits the same line", Map.of(CART, FIXED.replace("? 0", "? -1")));

    assertThatThrownBy(
            () ->
                RevertBranch.create(work, fix.name(), edited.name(), "kintsugi/revert-2", "Revert"))
        .isInstanceOf(ForgeException.class)
        .hasMessage(
            "reverting "
                + fix.abbreviate(8).name()
                + " onto "
                + edited.abbreviate(8).name()
                + " conflicts in "
                + CART
                + ": nothing created");
    assertThat(Repos.head(work, "kintsugi/revert-2")).isNull();
    assertThat(git.status().call().isClean()).isTrue();
  }

  @Test
  void a_revert_that_changes_nothing_is_refused() throws Exception {
    RevCommit undone = Repos.commit(git, "undo by hand", Map.of(CART, BEFORE));

    assertThatThrownBy(
            () ->
                RevertBranch.create(work, fix.name(), undone.name(), "kintsugi/revert-3", "Revert"))
        .isInstanceOf(ForgeException.class)
        .hasMessageContaining("changes nothing (already reverted?): nothing created");
    assertThat(Repos.head(work, "kintsugi/revert-3")).isNull();
  }

  @Test
  void an_existing_branch_is_never_moved() throws Exception {
    Repos.branch(git, "kintsugi/revert-4", base);

    assertThatThrownBy(
            () ->
                RevertBranch.create(work, fix.name(), later.name(), "kintsugi/revert-4", "Revert"))
        .isInstanceOf(ForgeException.class)
        .hasMessage("branch kintsugi/revert-4 already exists: nothing reverted");
    assertThat(Repos.head(work, "kintsugi/revert-4")).isEqualTo(base.name());
  }

  @Test
  void a_merge_commit_is_refused() throws Exception {
    git.checkout().setCreateBranch(true).setName("side").setStartPoint(base).call();
    RevCommit side = Repos.commit(git, "side", Map.of("side.txt", "s\n"));
    git.checkout().setName("main").call();
    git.merge().include(side).setMessage("merge side").call();
    RevCommit merge = git.log().setMaxCount(1).call().iterator().next();

    assertThatThrownBy(
            () ->
                RevertBranch.create(
                    work, merge.name(), merge.name(), "kintsugi/revert-5", "Revert"))
        .isInstanceOf(ForgeException.class)
        .hasMessageContaining("it has 2 parents");
  }

  @Test
  void unknown_or_malformed_commits_are_named() {
    assertThatThrownBy(
            () ->
                RevertBranch.create(
                    work, "deadbeef".repeat(5), later.name(), "kintsugi/revert-6", "Revert"))
        .isInstanceOf(ForgeException.class)
        .hasMessage(
            "no commit " + "deadbeef".repeat(5) + " in the repository (the commit to revert)");
    assertThatThrownBy(
            () -> RevertBranch.create(work, "HEAD~1", later.name(), "kintsugi/revert-6", "Revert"))
        .isInstanceOf(ForgeException.class)
        .hasMessageStartingWith("the commit to revert must be a commit sha");
    assertThatThrownBy(
            () -> RevertBranch.create(work, fix.name(), later.name(), "bad..name", "Revert"))
        .isInstanceOf(ForgeException.class)
        .hasMessageStartingWith("not a valid branch name");
  }
}
