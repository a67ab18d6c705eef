package dev.kintsugi.forge.git;

import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.forge.Untrusted;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Builds the revert of a commit on top of a branch head, as a new commit on a new branch, without a
 * working tree: a three-way merge, in memory, of the commit's parent into {@code onto} with the
 * commit itself as the base (what {@code git revert} does). The objects go into the repository's
 * object database and the branch is created last, atomically, only if it does not exist; a conflict
 * creates nothing (unreachable objects at most, which {@code git gc} collects).
 */
public final class RevertBranch {

  private static final PersonIdent KINTSUGI = new PersonIdent("Kintsugi", "kintsugi@localhost");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,64}");

  private RevertBranch() {}

  /** {@link #create(Path, String, String, String, String, Clock)} at the system clock's time. */
  public static String create(Path repo, String commit, String onto, String branch, String message)
      throws ForgeException {
    return create(repo, commit, onto, branch, message, Clock.systemUTC());
  }

  /**
   * Creates branch {@code branch} holding one commit on {@code onto} that undoes {@code commit}.
   *
   * @param commit the commit to revert (a sha; not a merge commit)
   * @param onto the commit to revert on, usually the healed branch's current head (a sha)
   * @param message the revert commit's message
   * @return the new commit's sha
   * @throws ForgeException on a conflict (naming the files), an unknown commit, a merge commit, a
   *     revert that changes nothing, or an existing branch; nothing is created then
   */
  public static String create(
      Path repo, String commit, String onto, String branch, String message, Clock clock)
      throws ForgeException {
    if (!Repository.isValidRefName(Constants.R_HEADS + branch) || branch.startsWith("-")) {
      throw new ForgeException("not a valid branch name: '" + Untrusted.clean(branch, 100) + "'");
    }
    if (message == null || message.isBlank()) {
      throw new ForgeException("a revert commit needs a message");
    }
    try (Repository repository = GitRepositories.open(repo);
        RevWalk walk = new RevWalk(repository)) {
      if (repository.exactRef(Constants.R_HEADS + branch) != null) {
        throw new ForgeException("branch " + branch + " already exists: nothing reverted");
      }
      RevCommit reverted = commit(walk, commit, "commit to revert");
      RevCommit head = commit(walk, onto, "commit to revert onto");
      if (reverted.getParentCount() != 1) {
        throw new ForgeException(
            "cannot revert "
                + reverted.abbreviate(8).name()
                + ": it has "
                + reverted.getParentCount()
                + " parents (only a commit with one parent is reverted)");
      }
      RevCommit parent = walk.parseCommit(reverted.getParent(0));

      ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repository, true);
      merger.setBase(reverted.getTree());
      if (!merger.merge(head, parent)) {
        TreeSet<String> files = new TreeSet<>(merger.getUnmergedPaths());
        Map<String, ?> failing = merger.getFailingPaths();
        if (failing != null) {
          files.addAll(failing.keySet());
        }
        throw new ForgeException(
            "reverting "
                + reverted.abbreviate(8).name()
                + " onto "
                + head.abbreviate(8).name()
                + " conflicts in "
                + Untrusted.clean(String.join(", ", files), 500)
                + ": nothing created");
      }
      ObjectId tree = merger.getResultTreeId();
      if (tree.equals(head.getTree())) {
        throw new ForgeException(
            "reverting "
                + reverted.abbreviate(8).name()
                + " onto "
                + head.abbreviate(8).name()
                + " changes nothing (already reverted?): nothing created");
      }

      PersonIdent ident = new PersonIdent(KINTSUGI, clock.instant(), ZoneOffset.UTC);
      CommitBuilder revert = new CommitBuilder();
      revert.setTreeId(tree);
      revert.setParentId(head);
      revert.setAuthor(ident);
      revert.setCommitter(ident);
      revert.setMessage(message);
      ObjectId id;
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        id = inserter.insert(revert);
        inserter.flush();
      }

      RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      update.setRefLogMessage("kintsugi: revert " + reverted.abbreviate(8).name(), false);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW) {
        throw new ForgeException("could not create branch " + branch + ": " + result);
      }
      return id.name();
    } catch (IOException e) {
      if (e instanceof ForgeException forge) {
        throw forge;
      }
      throw new ForgeException(
          "reverting "
              + Untrusted.clean(commit, 64)
              + " failed: "
              + Untrusted.clean(e.getMessage(), 200));
    }
  }

  private static RevCommit commit(RevWalk walk, String sha, String what) throws ForgeException {
    if (sha == null || !HEX.matcher(sha).matches()) {
      throw new ForgeException(
          "the " + what + " must be a commit sha: '" + Untrusted.clean(sha, 80) + "'");
    }
    Collection<ObjectId> found;
    try {
      found = walk.getObjectReader().resolve(AbbreviatedObjectId.fromString(sha));
    } catch (IOException e) {
      throw new ForgeException("cannot read the " + what + " " + sha);
    }
    if (found.size() > 1) {
      throw new ForgeException("the " + what + " " + sha + " is ambiguous: give the full sha");
    }
    if (found.isEmpty()) {
      throw new ForgeException("no " + what + " " + sha + " in the repository");
    }
    try {
      return walk.parseCommit(found.iterator().next());
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new ForgeException("no commit " + sha + " in the repository (the " + what + ")");
    } catch (IOException e) {
      throw new ForgeException("cannot read the " + what + " " + sha);
    }
  }
}
