package dev.kintsugi.heal.deliver;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Brings an approved fix commit into a branch without a working tree: the branch fast-forwards to
 * the fix when it can, else gets a merge commit built in the object database (an in-core merge,
 * never the repository's index or files). A branch that is checked out in a working tree is never
 * moved (its files would no longer match it): {@link #checkedOut} says where, and a person merges
 * there. Refs move only from the commit that was merged onto (compare and set), pushes are never
 * forced.
 */
public final class BranchMerge {

  private static final PersonIdent KINTSUGI = new PersonIdent("Kintsugi", "kintsugi@localhost");

  /** How the fix reaches the branch. */
  public enum Kind {
    /** The branch is an ancestor of the fix: it moves to the fix commit. */
    FAST_FORWARD,
    /** A merge commit of the branch's head and the fix. */
    MERGE_COMMIT,
    /** The branch holds the fix already: nothing to do. */
    ALREADY_MERGED
  }

  /**
   * The commit that brings the fix in, not yet on any ref.
   *
   * @param commit the fix itself (fast-forward), a new merge commit, or the branch's head (merged
   *     already)
   */
  public record Merged(Kind kind, ObjectId commit) {}

  /** The fix and the branch change the same lines: nothing was written. */
  public static final class Conflict extends Exception {
    Conflict(String message) {
      super(message, null, false, false);
    }
  }

  private BranchMerge() {}

  /**
   * Merges {@code fix} onto {@code head}, in the object database only.
   *
   * @param message the merge commit's message, when one is needed
   * @throws Conflict naming the conflicting files
   */
  public static Merged merge(
      Repository repo, ObjectId head, ObjectId fix, String message, Clock clock)
      throws IOException, Conflict {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit base = walk.parseCommit(head);
      RevCommit theFix = walk.parseCommit(fix);
      if (walk.isMergedInto(theFix, base)) {
        return new Merged(Kind.ALREADY_MERGED, base);
      }
      walk.reset();
      if (walk.isMergedInto(base, theFix)) {
        return new Merged(Kind.FAST_FORWARD, theFix);
      }
      ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
      if (!merger.merge(base, theFix)) {
        List<String> files =
            merger.getUnmergedPaths().isEmpty()
                ? List.copyOf(merger.getFailingPaths().keySet())
                : merger.getUnmergedPaths();
        throw new Conflict("the fix conflicts with the branch in " + String.join(", ", files));
      }
      PersonIdent ident = new PersonIdent(KINTSUGI, clock.instant(), ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(merger.getResultTreeId());
      commit.setParentIds(base, theFix);
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage(message);
      try (ObjectInserter inserter = repo.newObjectInserter()) {
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return new Merged(Kind.MERGE_COMMIT, id);
      }
    }
  }

  /**
   * Moves {@code refs/heads/<branch>} from {@code from} to {@code to} (a descendant).
   *
   * @throws IOException when the branch moved meanwhile, or the ref cannot be written
   */
  public static void move(Repository repo, String branch, ObjectId from, ObjectId to, String why)
      throws IOException {
    RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
    update.setExpectedOldObjectId(from);
    update.setNewObjectId(to);
    update.setRefLogMessage("kintsugi: " + why, false);
    RefUpdate.Result result = update.update();
    if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NO_CHANGE) {
      throw new IOException(
          result == RefUpdate.Result.LOCK_FAILURE
              ? "branch " + branch + " moved while the fix was merged"
              : "branch " + branch + " could not be moved: " + result);
    }
  }

  /**
   * Pushes {@code commit} to {@code refs/heads/<branch>} of {@code origin}, never forced, only if
   * the branch there is still at {@code expected} (when given).
   *
   * @return empty when pushed, else why not (the remote's words)
   */
  public static Optional<String> push(
      Repository repo, ObjectId commit, String branch, Optional<ObjectId> expected) {
    String ref = Constants.R_HEADS + branch;
    try (Transport transport = Transport.open(repo, "origin")) {
      RemoteRefUpdate update =
          new RemoteRefUpdate(repo, (String) null, commit, ref, false, null, expected.orElse(null));
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate.Status status = result.getRemoteUpdate(ref).getStatus();
      if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
        return Optional.empty();
      }
      String message = result.getRemoteUpdate(ref).getMessage();
      return Optional.of(status + (message == null ? "" : ": " + message));
    } catch (TransportException | URISyntaxException e) {
      return Optional.of(e.getMessage());
    } catch (IOException | RuntimeException e) {
      return Optional.of(e.toString());
    }
  }

  /**
   * The working tree that has {@code branch} checked out, if one has: the repository's own, or one
   * of its linked worktrees ({@code git worktree add}). A bare repository's {@code HEAD} is no
   * checkout.
   */
  public static Optional<Path> checkedOut(Repository repo, String branch) throws IOException {
    String ref = Constants.R_HEADS + branch;
    if (!repo.isBare() && ref.equals(repo.getFullBranch())) {
      return Optional.of(repo.getWorkTree().toPath());
    }
    Path gitDir = repo.getDirectory().toPath();
    Path common = commonDir(gitDir);
    if (!common.equals(gitDir)) {
      // Opened through a linked worktree: the main working tree is the common directory's.
      try (Git main = Git.open(common.toFile())) {
        Repository repository = main.getRepository();
        if (!repository.isBare() && ref.equals(repository.getFullBranch())) {
          return Optional.of(repository.getWorkTree().toPath());
        }
      }
    }
    Path worktrees = common.resolve("worktrees");
    if (!Files.isDirectory(worktrees)) {
      return Optional.empty();
    }
    try (Stream<Path> linked = Files.list(worktrees)) {
      for (Path dir : linked.toList()) {
        Path head = dir.resolve(Constants.HEAD);
        if (Files.isRegularFile(head)
            && Files.readString(head, StandardCharsets.UTF_8).strip().equals("ref: " + ref)) {
          Path dotGit = dir.resolve("gitdir");
          return Optional.of(
              Files.isRegularFile(dotGit)
                  ? Path.of(Files.readString(dotGit, StandardCharsets.UTF_8).strip()).getParent()
                  : dir);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Where {@code origin} has {@code branch} checked out, when {@code origin} is a repository on
   * this machine (a path or {@code file:} URL) with a working tree: pushing to it would move the
   * branch under its files. Empty for any other remote (a server refuses such pushes itself).
   */
  public static Optional<Path> checkedOutAtOrigin(Repository repo, String branch)
      throws IOException {
    String url = repo.getConfig().getString("remote", "origin", "url");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    Path path;
    if (url.startsWith("file:")) {
      try {
        path = Path.of(new URI(url));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Optional.empty();
      }
    } else if (url.contains("://") || url.matches("^[^/\\s]+@[^/\\s]+:.*")) {
      return Optional.empty();
    } else {
      path = (repo.isBare() ? repo.getDirectory() : repo.getWorkTree()).toPath().resolve(url);
    }
    if (!Files.isDirectory(path)) {
      return Optional.empty();
    }
    try (Git origin = Git.open(path.toFile())) {
      return checkedOut(origin.getRepository(), branch);
    } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
      return Optional.empty();
    }
  }

  /** A linked worktree's git directory names the shared one in {@code commondir}. */
  private static Path commonDir(Path gitDir) throws IOException {
    Path file = gitDir.resolve("commondir");
    if (!Files.isRegularFile(file)) {
      return gitDir;
    }
    return gitDir.resolve(Files.readString(file, StandardCharsets.UTF_8).strip()).normalize();
  }
}
