package dev.kintsugi.sandbox.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

  @TempDir Path tmp;

  @Test
  void exportsTheCommittedStateWithModesAndLinksAndLeavesTheRepositoryAlone() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("src/main/java"));
    Files.writeString(repo.resolve("src/main/java/A.java"), "class A {}\r\n");
    Files.writeString(repo.resolve("mvnw"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        repo.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(repo.resolve("link"), Path.of("src/main/java/A.java"));
    git(repo, "init", "-q", "-b", "main");
    git(repo, "-c", "user.name=u", "-c", "user.email=u@e", "add", "-A");
    git(repo, "-c", "user.name=u", "-c", "user.email=u@e", "commit", "-q", "-m", "c1");
    String head = git(repo, "rev-parse", "HEAD");
    Files.writeString(repo.resolve("src/main/java/A.java"), "class A { /* uncommitted */ }\n");
    String status = git(repo, "status", "--porcelain");

    Path root;
    try (Workspace ws = Workspace.exportHead(repo, tmp.resolve("work"))) {
      root = ws.root();
      assertThat(ws.baseCommit()).isEqualTo(head);
      assertThat(ws.branch()).isEqualTo("main");
      assertThat(ws.userTreeDirty()).isTrue();
      assertThat(root).isNotEqualTo(repo);
      assertThat(Files.readString(root.resolve("src/main/java/A.java")))
          .isEqualTo("class A {}\r\n");
      assertThat(Files.isExecutable(root.resolve("mvnw"))).isTrue();
      assertThat(Files.readSymbolicLink(root.resolve("link")))
          .isEqualTo(Path.of("src/main/java/A.java"));
      assertThat(root.resolve(".git")).doesNotExist();
    }
    assertThat(root).doesNotExist();
    assertThat(git(repo, "status", "--porcelain")).isEqualTo(status);
    assertThat(git(repo, "worktree", "list")).doesNotContain("work");
  }

  @Test
  void exportsAnOlderCommitByShaAndRefusesUnknownRevisions() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve("A.java"), "class A { int v = 1; }\n");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "-c", "user.name=u", "-c", "user.email=u@e", "add", "-A");
    git(repo, "-c", "user.name=u", "-c", "user.email=u@e", "commit", "-q", "-m", "c1");
    String first = git(repo, "rev-parse", "HEAD");
    Files.writeString(repo.resolve("A.java"), "class A { int v = 2; }\n");
    git(repo, "-c", "user.name=u", "-c", "user.email=u@e", "commit", "-q", "-am", "c2");

    try (Workspace ws = Workspace.export(repo, first, tmp.resolve("work"))) {
      assertThat(ws.baseCommit()).isEqualTo(first);
      assertThat(Files.readString(ws.root().resolve("A.java"))).contains("v = 1");
    }
    try (Workspace ws = Workspace.export(repo, first.substring(0, 10), tmp.resolve("work"))) {
      assertThat(ws.baseCommit()).isEqualTo(first);
    }
    for (String bad : List.of("0123456789abcdef0123456789abcdef01234567", "no-such-branch", "@{")) {
      assertThatThrownBy(() -> Workspace.export(repo, bad, tmp.resolve("work")))
          .isInstanceOf(InvalidRepositoryException.class)
          .hasMessageContaining("has no commit " + bad);
    }
  }

  @Test
  void explainsWhatIsWrongWithBadRepositories() throws Exception {
    Path work = tmp.resolve("work");
    assertThatThrownBy(() -> Workspace.exportHead(tmp.resolve("missing"), work))
        .isInstanceOf(InvalidRepositoryException.class)
        .hasMessageContaining("does not exist");
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertThatThrownBy(() -> Workspace.exportHead(file, work))
        .hasMessageContaining("is not a directory");
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertThatThrownBy(() -> Workspace.exportHead(plain, work))
        .hasMessageContaining("is not a git repository");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    git(empty, "init", "-q");
    assertThatThrownBy(() -> Workspace.exportHead(empty, work))
        .hasMessageContaining("has no commits");
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(broken.resolve(".git"), "gitdir: /nowhere\n");
    assertThatThrownBy(() -> Workspace.exportHead(broken, work))
        .isInstanceOf(InvalidRepositoryException.class)
        .hasMessageContaining("not a valid git repository");
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    var command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
