package dev.kintsugi.heal.deliver;

import dev.kintsugi.core.deliver.Delivered;
import dev.kintsugi.core.deliver.Deliverer;
import dev.kintsugi.core.deliver.FixCommit;
import dev.kintsugi.core.repair.FileChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 */
public final class BranchDelivery implements Deliverer {

  /** Branch name prefix of every fix. */
  public static final String BRANCH_PREFIX = "kintsugi/fix-";

  private static final PersonIdent KINTSUGI = new PersonIdent("Kintsugi", "kintsugi@localhost");

  private final Clock clock;

  public BranchDelivery(Clock clock) {
    this.clock = clock;
  }

  /** Creates the fix commit on top of its base commit and a new branch pointing at it. */
  @Override
  public Delivered deliver(FixCommit fix) throws IOException {
    Instant now = clock.instant();
    try (Repository repo =
            new FileRepositoryBuilder()
                .setWorkTree(fix.repository().toFile())
                .setMustExist(true)
                .build();
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit base = walk.parseCommit(ObjectId.fromString(fix.baseCommit()));
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

      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree);
      commit.setParentId(base);
      PersonIdent ident =
          new PersonIdent(KINTSUGI, now, TimeZone.getTimeZone(ZoneOffset.UTC).toZoneId());
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage(fix.message());
      ObjectId commitId = inserter.insert(commit);
      inserter.flush();

      String branch = BRANCH_PREFIX + commitId.abbreviate(8).name();
      Ref existing = repo.exactRef(Constants.R_HEADS + branch);
      if (existing != null && commitId.equals(existing.getObjectId())) {
        return new Delivered(branch, commitId.name()); // delivered before: idempotent
      }
      RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(commitId);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      update.setRefLogMessage("kintsugi: fix", false);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.NO_CHANGE) {
        throw new IOException("could not create branch " + branch + ": " + result);
      }
      return new Delivered(branch, commitId.name());
    }
  }
}
