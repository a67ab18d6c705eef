package dev.kintsugi.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;

/** The heal needs the root of a git working tree: it commits its fix on a branch there. */
final class GitRoot {

  private GitRoot() {}

  /**
   * {@code dir} itself when it is the root of a git working tree ({@code .git} directory, or file
   * of a linked worktree).
   *
   * @throws MojoFailureException naming the repository root when {@code dir} is below it, or saying
   *     that there is no repository at all
   */
  static Path require(Path dir) throws MojoFailureException {
    Path root = dir.toAbsolutePath().normalize();
    if (Files.exists(root.resolve(".git"))) {
      return root;
    }
    for (Path up = root.getParent(); up != null; up = up.getParent()) {
      if (Files.exists(up.resolve(".git"))) {
        throw new MojoFailureException(
            "kintsugi: "
                + root
                + " is inside the git repository "
                + up
                + " but not its root; run the goal there (the heal builds and tests the whole"
                + " repository)");
      }
    }
    throw new MojoFailureException(
        "kintsugi: "
            + root
            + " is not a git repository; the heal commits its fix on a new branch of the"
            + " repository it heals (git init and commit the project first)");
  }
}
