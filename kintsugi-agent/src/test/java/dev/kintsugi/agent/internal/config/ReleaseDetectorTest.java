package dev.kintsugi.agent.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against real repositories made with the git command line. */
class ReleaseDetectorTest {
  @TempDir Path dir;
  Path repo;
  String head;

  @BeforeEach
  void repository() throws Exception {
    repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("src/main"));
    git(repo, "init", "-q", "-b", "main");
    Files.writeString(repo.resolve("README"), "x");
    git(repo, "add", "README");
    git(repo, "commit", "-q", "-m", "first");
    head = git(repo, "rev-parse", "HEAD");
  }

  @Test
  void readsTheBranchCommitFromALooseRefFromASubdirectory() {
    assertThat(head).matches("[0-9a-f]{40}");
    assertThat(ReleaseDetector.gitCommit(repo.resolve("src/main"))).contains(head);
  }

  @Test
  void readsPackedRefs() throws Exception {
    git(repo, "pack-refs", "--all");
    assertThat(Files.exists(repo.resolve(".git/refs/heads/main"))).isFalse();
    assertThat(ReleaseDetector.gitCommit(repo)).contains(head);
  }

  @Test
  void readsADetachedHead() throws Exception {
    Files.writeString(repo.resolve("README"), "y");
    git(repo, "commit", "-q", "-am", "second");
    git(repo, "checkout", "-q", head);
    assertThat(ReleaseDetector.gitCommit(repo)).contains(head);
  }

  @Test
  void followsALinkedWorktreeToItsOwnHead() throws Exception {
    Path wt = dir.resolve("wt");
    git(repo, "worktree", "add", "-q", "-b", "feature", wt.toString());
    Files.writeString(wt.resolve("README"), "z");
    git(wt, "commit", "-q", "-am", "on feature");
    String featureHead = git(wt, "rev-parse", "HEAD");
    assertThat(featureHead).isNotEqualTo(head);
    assertThat(ReleaseDetector.gitCommit(wt)).contains(featureHead);
    assertThat(ReleaseDetector.gitCommit(repo)).contains(head);
  }

  @Test
  void noRepositoryOrAnUnbornBranchGivesNothing() throws Exception {
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    assertThat(ReleaseDetector.gitCommit(empty)).isEmpty();
    git(empty, "init", "-q");
    assertThat(ReleaseDetector.gitCommit(empty)).isEmpty();
  }

  static String git(Path cwd, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
    cmd.add("-c");
    cmd.add("commit.gpgsign=false");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }
}
