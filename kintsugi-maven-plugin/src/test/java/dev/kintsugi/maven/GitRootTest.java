package dev.kintsugi.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRootTest {

  @TempDir Path tmp;

  @Test
  void acceptsTheRootOfAWorkingTree() throws Exception {
    Files.createDirectories(tmp.resolve("repo/.git"));

    assertThat(GitRoot.require(tmp.resolve("repo/./"))).isEqualTo(tmp.resolve("repo"));
  }

  @Test
  void acceptsALinkedWorktreeWhoseGitIsAFile() throws Exception {
    Files.createDirectories(tmp.resolve("wt"));
    Files.writeString(tmp.resolve("wt/.git"), "gitdir: /elsewhere/.git/worktrees/wt\n");

    assertThat(GitRoot.require(tmp.resolve("wt"))).isEqualTo(tmp.resolve("wt"));
  }

  @Test
  void belowTheRootNamesTheRoot() throws Exception {
    Files.createDirectories(tmp.resolve("repo/.git"));
    Files.createDirectories(tmp.resolve("repo/services/billing"));

    assertThatThrownBy(() -> GitRoot.require(tmp.resolve("repo/services/billing")))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith(
            "kintsugi: "
                + tmp.resolve("repo/services/billing")
                + " is inside the git repository "
                + tmp.resolve("repo")
                + " but not its root");
  }

  @Test
  void outsideAnyRepositorySaysSo() {
    assertThatThrownBy(() -> GitRoot.require(tmp))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("kintsugi: " + tmp + " is not a git repository");
  }
}
