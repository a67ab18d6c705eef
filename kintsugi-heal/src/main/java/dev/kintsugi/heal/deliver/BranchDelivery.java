package dev.kintsugi.heal.deliver;

import dev.kintsugi.core.deliver.Delivered;
import dev.kintsugi.core.deliver.Deliverer;
import dev.kintsugi.core.deliver.FixCommit;
import dev.kintsugi.core.repair.FileChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TimeZone;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Delivers a fix as one commit on a new branch {@code kintsugi/fix-<short-id>} in the user's
 * repository.
 *
 * <p>The commit is built directly in the object database from the base commit's tree (an in-core
 * index, never the repository's own {@code .git/index}), and the branch ref is created atomically
 * last. So the user's working tree, index, HEAD and current branch are untouched, and a crash
 * before the ref update leaves only unreachable objects that {@code git gc} collects.
 *
 * <p>A server's heal run names its branch itself ({@code kintsugi/fix-i<incident>-r<run>}), the
 * same at each attempt, so that a run resumed after a crash delivers idempotently: when the branch
 * exists already (made by the earlier attempt, here or, for a clone, fetched from {@code origin})
 * and holds the same tree, it is reused as it is; when this attempt found a different fix, the fix
 * becomes a new commit on top of it ({@link #advance}'s way), so that a pushed branch and the pull
 * request on it move forward without a forced push, and the earlier fix stays in its history.
 */
public final class BranchDelivery implements Deliverer {

  /** Branch name prefix of every fix. */
  public static final String BRANCH_PREFIX = "kintsugi/fix-";

  private static final PersonIdent KINTSUGI = new PersonIdent("Kintsugi", "kintsugi@localhost");

  private final Clock clock;
  private final Optional<String> named;

  /** Names each branch after its fix commit. */
  public BranchDelivery(Clock clock) {
    this(clock, Optional.empty());
  }

  /**
   * @param named the branch to deliver onto, the same at every attempt of one heal run; empty: a
   *     name of the fix commit's id
   */
  public BranchDelivery(Clock clock, Optional<String> named) {
    this.clock = clock;
    this.named = named;
  }

  /** Creates the fix commit on top of its base commit and a new branch pointing at it. */
  @Override
  public Delivered deliver(FixCommit fix) throws IOException {
    try (Repository repo = open(fix);
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit base = walk.parseCommit(ObjectId.fromString(fix.baseCommit()));
      if (named.isPresent()) {
        return onto(repo, named.get(), fix, base, inserter, reader, walk);
      }
      ObjectId commitId = commit(fix, base, base, inserter, reader);
      String branch = BRANCH_PREFIX + commitId.abbreviate(8).name();
      Ref existing = repo.exactRef(Constants.R_HEADS + branch);
      if (existing != null && commitId.equals(existing.getObjectId())) {
        return new Delivered(branch, commitId.name()); // delivered before: idempotent
      }
      move(repo, branch, ObjectId.zeroId(), commitId, "create");
      return new Delivered(branch, commitId.name());
    }
  }

  /**
   * Delivers onto {@code branch}: creates it, reuses it when it holds this fix's tree already, or
   * moves it forward by a commit holding this fix (see the class comment).
   */
  private Delivered onto(
      Repository repo,
      String branch,
      FixCommit fix,
      RevCommit base,
      ObjectInserter inserter,
      ObjectReader reader,
      RevWalk walk)
      throws IOException {
    Ref local = repo.exactRef(Constants.R_HEADS + branch);
    Ref existing = local != null ? local : repo.exactRef(Constants.R_REMOTES + "origin/" + branch);
    if (existing == null) {
      ObjectId commitId = commit(fix, base, base, inserter, reader);
      move(repo, branch, ObjectId.zeroId(), commitId, "create");
      return new Delivered(branch, commitId.name());
    }
    RevCommit head = walk.parseCommit(existing.getObjectId());
    ObjectId from = local == null ? ObjectId.zeroId() : head;
    if (head.getTree().equals(tree(fix, base, inserter, reader))) {
      if (local == null) {
        move(repo, branch, from, head, "create"); // the pushed branch, made local again
      }
      return new Delivered(branch, head.name()); // delivered by an earlier attempt: reused
    }
    ObjectId commitId = commit(fix, base, head, inserter, reader);
    move(repo, branch, from, commitId, local == null ? "create" : "move");
    return new Delivered(branch, commitId.name());
  }

  /**
   * Replaces a delivered fix with another one on the same branch, as a new commit on top of it (its
   * tree: the base commit's with {@code fix}'s changes), so a pushed branch moves forward without a
   * forced push. The branch moves only if it still points at {@code expected}.
   *
   * @return the new commit's id
   */
  public String advance(FixCommit fix, String branch, String expected) throws IOException {
    try (Repository repo = open(fix);
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit base = walk.parseCommit(ObjectId.fromString(fix.baseCommit()));
      RevCommit previous = walk.parseCommit(ObjectId.fromString(expected));
      ObjectId commitId = commit(fix, base, previous, inserter, reader);
      move(repo, branch, previous, commitId, "move");
      return commitId.name();
    }
  }

  private static Repository open(FixCommit fix) throws IOException {
    return new FileRepositoryBuilder()
        .setWorkTree(fix.repository().toFile())
        .setMustExist(true)
        .build();
  }

  /** A commit whose tree is {@code base}'s with the fix's changes, child of {@code parent}. */
  private ObjectId commit(
      FixCommit fix, RevCommit base, RevCommit parent, ObjectInserter inserter, ObjectReader reader)
      throws IOException {
    ObjectId tree = tree(fix, base, inserter, reader);
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentId(parent);
    PersonIdent ident =
        new PersonIdent(KINTSUGI, clock.instant(), TimeZone.getTimeZone(ZoneOffset.UTC).toZoneId());
    commit.setAuthor(ident);
    commit.setCommitter(ident);
    commit.setMessage(fix.message());
    ObjectId commitId = inserter.insert(commit);
    inserter.flush();
    return commitId;
  }

  /** {@code base}'s tree with the fix's changes. */
  private static ObjectId tree(
      FixCommit fix, RevCommit base, ObjectInserter inserter, ObjectReader reader)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base.getTree());
    builder.finish();
    DirCacheEditor editor = index.editor();
    for (FileChange change : fix.changes()) {
      DirCacheEntry existing = index.getEntry(change.file());
      FileMode mode = existing == null ? FileMode.REGULAR_FILE : existing.getFileMode();
      ObjectId blob =
          inserter.insert(Constants.OBJ_BLOB, change.after().getBytes(StandardCharsets.UTF_8));
      editor.add(
          new DirCacheEditor.PathEdit(change.file()) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(mode);
              entry.setObjectId(blob);
              entry.setLength(change.after().getBytes(StandardCharsets.UTF_8).length);
            }
          });
    }
    editor.finish();
    ObjectId tree = index.writeTree(inserter);
    inserter.flush();
    return tree;
  }

  /**
   * Points {@code branch} at {@code to}, only if it points at {@code from} (zero: absent).
   *
   * @param verb {@code create} or {@code move}, for the reflog and the error
   */
  private static void move(Repository repo, String branch, ObjectId from, ObjectId to, String verb)
      throws IOException {
    RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
    update.setNewObjectId(to);
    update.setExpectedOldObjectId(from);
    update.setRefLogMessage("kintsugi: " + verb + " fix branch", false);
    RefUpdate.Result result = update.update();
    if (result != RefUpdate.Result.NEW
        && result != RefUpdate.Result.NO_CHANGE
        && result != RefUpdate.Result.FAST_FORWARD) {
      throw new IOException("could not " + verb + " branch " + branch + ": " + result);
    }
  }
}
