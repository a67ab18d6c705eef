package dev.kintsugi.heal.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code git} binary in a directory, for tests. */
public final class Git {

  private final Path dir;

  public Git(Path dir) {
    this.dir = dir;
  }

  /** The repository's work tree. */
  public Path dir() {
    return dir;
  }

  /** {@code git init} + identity + commit of everything in {@code dir}. */
  public static Git initWithCommit(Path dir) {
    Git git = new Git(dir);
    git.run("init", "-q", "-b", "main");
    git.run("config", "user.email", "dev@example.com");
    git.run("config", "user.name", "Dev");
    git.run("config", "commit.gpgsign", "false");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "initial");
    return git;
  }

  public String run(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
      }
      return out.strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Everything a user could notice about their checkout: HEAD, branch, status, index. */
  public String checkoutState() {
    return String.join(
        "\n",
        run("rev-parse", "HEAD"),
        run("symbolic-ref", "-q", "HEAD"),
        run("status", "--porcelain", "--untracked-files=all"),
        run("ls-files", "-s"),
        run("stash", "list"),
        run("worktree", "list", "--porcelain"));
  }
}
