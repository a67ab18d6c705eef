package dev.kintsugi.heal.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.deliver.Delivered;
import dev.kintsugi.core.deliver.FixCommit;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.heal.testing.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchDeliveryTest {

  private static final Clock AT =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path repo;

  @Test
  void commitsTheFixOnANewBranchWithoutTouchingTheCheckout() throws Exception {
    Files.createDirectories(repo.resolve("src"));
    Files.writeString(repo.resolve("src/A.java"), "class A { int x = 1; }\n");
    Files.writeString(repo.resolve("run.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        repo.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Git git = Git.initWithCommit(repo);
    String base = git.run("rev-parse", "HEAD");
    Files.writeString(repo.resolve("src/A.java"), "class A { int x = 42; } // user's work\n");
    String before = git.checkoutState();

    Delivered delivery =
        new BranchDelivery(AT)
            .deliver(
                new FixCommit(
                    repo,
                    base,
                    List.of(
                        new FileChange(
                            "src/A.java", "class A { int x = 1; }\n", "class A { int x = 2; }\n")),
                    "Fix A\n\nbody\n"));

    assertThat(delivery.branch()).matches("kintsugi/fix-[0-9a-f]{8}");
    assertThat(delivery.commit()).startsWith(delivery.branch().substring("kintsugi/fix-".length()));
    assertThat(git.checkoutState()).isEqualTo(before);
    assertThat(Files.readString(repo.resolve("src/A.java"))).contains("user's work");
    assertThat(git.run("show", delivery.branch() + ":src/A.java"))
        .isEqualTo("class A { int x = 2; }");
    assertThat(git.run("rev-parse", delivery.branch() + "^")).isEqualTo(base);
    assertThat(git.run("log", "-1", "--format=%an <%ae>|%s", delivery.branch()))
        .isEqualTo("Kintsugi <kintsugi@localhost>|Fix A");
    assertThat(git.run("diff", "--name-only", base, delivery.branch())).isEqualTo("src/A.java");
    assertThat(git.run("ls-tree", delivery.branch(), "run.sh")).startsWith("100755");
    assertThat(git.run("fsck", "--no-progress")).doesNotContain("error");
  }

  @Test
  void aNamedBranchIsCreatedReusedForTheSameFixAndAdvancedForAnother() throws Exception {
    Files.writeString(repo.resolve("A.java"), "class A { int x = 1; }\n");
    Git git = Git.initWithCommit(repo);
    String base = git.run("rev-parse", "HEAD");
    String branch = "kintsugi/fix-i3-r9";
    FixCommit fix =
        new FixCommit(
            repo,
            base,
            List.of(
                new FileChange("A.java", "class A { int x = 1; }\n", "class A { int x = 2; }\n")),
            "Fix A\n");
    Clock later = Clock.offset(AT, java.time.Duration.ofMinutes(5));

    Delivered made = new BranchDelivery(AT, java.util.Optional.of(branch)).deliver(fix);
    assertThat(made.branch()).isEqualTo(branch);
    assertThat(git.run("rev-parse", branch + "^")).isEqualTo(base);
    assertThat(new BranchDelivery(later, java.util.Optional.of(branch)).deliver(fix))
        .as("the same fix at a later attempt: the branch as it is")
        .isEqualTo(made);

    // Made by a node whose clone this is not: only origin's copy (fetched) exists here.
    git.run("update-ref", "refs/remotes/origin/" + branch, made.commit());
    git.run("update-ref", "-d", "refs/heads/" + branch);
    assertThat(new BranchDelivery(later, java.util.Optional.of(branch)).deliver(fix))
        .isEqualTo(made);
    assertThat(git.run("rev-parse", branch)).isEqualTo(made.commit());

    Delivered other =
        new BranchDelivery(later, java.util.Optional.of(branch))
            .deliver(
                new FixCommit(
                    repo,
                    base,
                    List.of(
                        new FileChange(
                            "A.java", "class A { int x = 1; }\n", "class A { int x = 3; }\n")),
                    "Fix A otherwise\n"));
    assertThat(other.branch()).isEqualTo(branch);
    assertThat(git.run("rev-parse", branch + "^")).isEqualTo(made.commit());
    assertThat(git.run("show", branch + ":A.java")).isEqualTo("class A { int x = 3; }");
  }

  @Test
  void refusesToMoveAnExistingBranch() throws Exception {
    Files.writeString(repo.resolve("A.java"), "class A {}\n");
    Git git = Git.initWithCommit(repo);
    String base = git.run("rev-parse", "HEAD");
    var delivery = new BranchDelivery(AT);
    var fix =
        new FixCommit(
            repo,
            base,
            List.of(new FileChange("A.java", "class A {}\n", "class A { }\n")),
            "Fix\n");
    Delivered first = delivery.deliver(fix);
    // Same content and time give the same commit: delivering again is a no-op, not an error.
    assertThat(delivery.deliver(fix)).isEqualTo(first);
    git.run("branch", "-f", first.branch(), base);
    assertThatThrownBy(() -> delivery.deliver(fix))
        .hasMessageContaining("could not create branch " + first.branch());
  }

  @Test
  void advancesABranchWithAnotherFixOnlyFromTheCommitItExpects() throws Exception {
    Files.writeString(repo.resolve("A.java"), "class A { int x = 1; }\n");
    Git git = Git.initWithCommit(repo);
    String base = git.run("rev-parse", "HEAD");
    BranchDelivery delivery = new BranchDelivery(AT);
    Delivered first =
        delivery.deliver(
            new FixCommit(
                repo,
                base,
                List.of(
                    new FileChange(
                        "A.java", "class A { int x = 1; }\n", "class A { int x = 2; }\n")),
                "Fix\n"));
    FixCommit second =
        new FixCommit(
            repo,
            base,
            List.of(
                new FileChange("A.java", "class A { int x = 1; }\n", "class A { int x = 3; }\n")),
            "Fix again\n");

    String revised = delivery.advance(second, first.branch(), first.commit());

    // On top of the first fix; its tree is the base's with only the second fix.
    assertThat(git.run("rev-parse", first.branch())).isEqualTo(revised);
    assertThat(git.run("rev-parse", revised + "^")).isEqualTo(first.commit());
    assertThat(git.run("show", revised + ":A.java")).isEqualTo("class A { int x = 3; }");
    assertThat(git.run("diff", "--name-only", base, revised)).isEqualTo("A.java");
    // A branch that moved meanwhile is not moved again.
    assertThatThrownBy(() -> delivery.advance(second, first.branch(), first.commit()))
        .hasMessageContaining("could not move branch " + first.branch());
    assertThat(git.run("rev-parse", first.branch())).isEqualTo(revised);
  }
}
