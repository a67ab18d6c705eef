package dev.kintsugi.forge.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Real repositories on disk for the git tests. */
final class Repos {

  private static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.com");

  private Repos() {}

  static Git init(Path dir) throws GitAPIException {
    return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
  }

  static Path bare(Path dir) throws GitAPIException {
    Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call().close();
    return dir;
  }

  static RevCommit commit(Git git, String message, Map<String, String> files)
      throws IOException, GitAPIException {
    Path root = git.getRepository().getWorkTree().toPath();
    for (var file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
      git.add().addFilepattern(file.getKey()).call();
    }
    return git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).call();
  }

  static void branch(Git git, String name, ObjectId at) throws GitAPIException {
    git.branchCreate().setName(name).setStartPoint(at.name()).call();
  }

  static void origin(Git git, String url) throws IOException {
    var config = git.getRepository().getConfig();
    config.setString("remote", "origin", "url", url);
    config.save();
  }

  /** The commit a branch of the repository at {@code dir} points to, or null. */
  static String head(Path dir, String branch) throws IOException {
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(gitDir(dir)).setMustExist(true).build()) {
      Ref ref = repo.exactRef(Constants.R_HEADS + branch);
      return ref == null ? null : ref.getObjectId().name();
    }
  }

  /** A file's content in a commit of the repository at {@code dir}, or null. */
  static String file(Path dir, String commit, String path) throws IOException {
    try (Repository repo =
            new FileRepositoryBuilder().setGitDir(gitDir(dir)).setMustExist(true).build();
        var walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      try (TreeWalk tree = TreeWalk.forPath(repo, path, c.getTree())) {
        return tree == null
            ? null
            : new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private static java.io.File gitDir(Path dir) {
    Path dotGit = dir.resolve(".git");
    return (Files.isDirectory(dotGit) ? dotGit : dir).toFile();
  }
}
