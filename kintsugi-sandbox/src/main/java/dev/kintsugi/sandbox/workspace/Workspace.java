package dev.kintsugi.sandbox.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A private copy of a repository's committed state, where builds and candidate patches run.
 *
 * <p>The copy is exported from the object database at the base commit (no {@code git worktree}, no
 * clone), so nothing in the user's repository changes: not the working tree, the index, HEAD, nor
 * {@code .git/worktrees}. Uncommitted changes in the user's checkout are deliberately left out
 * (Kintsugi heals the committed state). {@link #close()} deletes the copy.
 */
public final class Workspace implements AutoCloseable {

  private final Path repository;
  private final Path root;
  private final String baseCommit;
  private final String branch;
  private final boolean userTreeDirty;
  private final List<String> skippedSubmodules;

  private Workspace(
      Path repository,
      Path root,
      String baseCommit,
      String branch,
      boolean userTreeDirty,
      List<String> skippedSubmodules) {
    this.repository = repository;
    this.root = root;
    this.baseCommit = baseCommit;
    this.branch = branch;
    this.userTreeDirty = userTreeDirty;
    this.skippedSubmodules = List.copyOf(skippedSubmodules);
  }

  /**
   * Exports {@code HEAD} of the repository whose working tree root is {@code repo} into a new
   * directory under {@code tempParent}.
   *
   * @throws InvalidRepositoryException when {@code repo} is not a directory, not the root of a git
   *     working tree, or has no commits
   */
  public static Workspace exportHead(Path repo, Path tempParent)
      throws InvalidRepositoryException, IOException {
    return export(repo, Constants.HEAD, tempParent);
  }

  /**
   * Exports the commit {@code revision} names (a SHA, branch, tag or {@code HEAD}) of the
   * repository whose working tree root is {@code repo} into a new directory under {@code
   * tempParent}.
   *
   * @throws InvalidRepositoryException when {@code repo} is not a directory, not the root of a git
   *     working tree, has no commits, or has no commit named {@code revision}
   */
  public static Workspace export(Path repo, String revision, Path tempParent)
      throws InvalidRepositoryException, IOException {
    Path dir = repo.toAbsolutePath().normalize();
    if (!Files.exists(dir)) {
      throw new InvalidRepositoryException(dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidRepositoryException(dir + " is not a directory");
    }
    if (!Files.exists(dir.resolve(Constants.DOT_GIT))) {
      throw new InvalidRepositoryException(
          dir + " is not a git repository (no .git at its root); run `git init` and commit first");
    }
    try (Repository repository = open(dir)) {
      ObjectId head = resolveCommit(repository, revision);
      if (head == null) {
        throw new InvalidRepositoryException(
            Constants.HEAD.equals(revision)
                ? dir + " has no commits yet; commit the code to heal"
                : dir + " has no commit " + revision);
      }
      boolean dirty = isDirty(repository);
      String branch = Optional.ofNullable(repository.getBranch()).orElse(head.name());
      Files.createDirectories(tempParent);
      Path root = Files.createTempDirectory(tempParent, "workspace-");
      try {
        List<String> skipped = export(repository, head, root);
        return new Workspace(dir, root, head.name(), branch, dirty, skipped);
      } catch (IOException | RuntimeException e) {
        deleteRecursively(root);
        throw e;
      }
    }
  }

  /** The commit a revision names, or null (also for names that are not revisions at all). */
  private static ObjectId resolveCommit(Repository repository, String revision) throws IOException {
    try {
      return repository.resolve(revision + "^{commit}");
    } catch (RevisionSyntaxException
        | AmbiguousObjectException
        | IncorrectObjectTypeException
        | MissingObjectException e) {
      return null;
    }
  }

  private static Repository open(Path dir) throws InvalidRepositoryException, IOException {
    try {
      return new FileRepositoryBuilder()
          // The work tree alone: JGit follows a ".git" file (linked worktrees, submodules).
          .setWorkTree(dir.toFile())
          .setMustExist(true)
          .build();
    } catch (RepositoryNotFoundException e) {
      throw new InvalidRepositoryException(dir + " is not a valid git repository", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidRepositoryException(
          dir + " is not a valid git repository: " + e.getMessage(), e);
    }
  }

  private static boolean isDirty(Repository repository) throws IOException {
    try (Git git = new Git(repository)) {
      Status status = git.status().call();
      return status.hasUncommittedChanges();
    } catch (GitAPIException e) {
      throw new IOException("cannot read the status of " + repository.getWorkTree(), e);
    }
  }

  private static List<String> export(Repository repository, ObjectId head, Path root)
      throws IOException {
    List<String> skippedSubmodules = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository);
        ObjectReader reader = repository.newObjectReader();
        TreeWalk tree = new TreeWalk(reader)) {
      RevCommit commit = walk.parseCommit(head);
      tree.addTree(commit.getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String path = tree.getPathString();
        FileMode mode = tree.getFileMode(0);
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("refusing to export path outside the workspace: " + path);
        }
        if (mode == FileMode.GITLINK) {
          skippedSubmodules.add(path);
          continue;
        }
        Files.createDirectories(target.getParent());
        if (mode == FileMode.SYMLINK) {
          String link =
              new String(reader.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
          Files.createSymbolicLink(target, Path.of(link));
          continue;
        }
        try (InputStream in = reader.open(tree.getObjectId(0)).openStream();
            OutputStream out = Files.newOutputStream(target)) {
          in.transferTo(out);
        }
        if (mode == FileMode.EXECUTABLE_FILE) {
          makeExecutable(target);
        }
      }
    }
    return skippedSubmodules;
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      perms.add(PosixFilePermission.OWNER_EXECUTE);
      perms.add(PosixFilePermission.GROUP_EXECUTE);
      perms.add(PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(file, perms);
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable(true, false);
    }
  }

  /** The user's repository (working tree root); read-only for Kintsugi except new branches. */
  public Path repository() {
    return repository;
  }

  /** The private copy where builds run. */
  public Path root() {
    return root;
  }

  /** Full SHA of the commit that was exported. */
  public String baseCommit() {
    return baseCommit;
  }

  /** The user's current branch (or the commit SHA when HEAD is detached). */
  public String branch() {
    return branch;
  }

  /** Whether the user's checkout had uncommitted changes, which the workspace leaves out. */
  public boolean userTreeDirty() {
    return userTreeDirty;
  }

  /** Submodule paths that were not exported. */
  public List<String> skippedSubmodules() {
    return skippedSubmodules;
  }

  @Override
  public void close() {
    deleteRecursively(root);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete workspace " + dir, e);
    }
  }
}
