package dev.kintsugi.heal.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.learn.TrackRecord;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.learn.FixMemory;
import dev.kintsugi.learn.RememberedFix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Tells the fix memory that a delivered fix was found wrong ({@code regressed} after release,
 * {@code rejected} by a person), so its repairer's track record, and thus the confidence of its
 * next fixes, drops and the memory no longer replays it. The fix is found by its diff as its commit
 * holds it: the files the heal report names as the fix, not the reproduction test.
 */
final class FixLedger {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<Path> memoryDir;
  private final Clock clock;

  FixLedger(Optional<Path> memoryDir, Clock clock) {
    this.memoryDir = memoryDir;
    this.clock = clock;
  }

  /**
   * Records the fix of {@code fixCommit} (in the repository at {@code workTree}) with {@code
   * outcome}; says, in one line, what the ledger now holds, or why it was not told.
   */
  String record(Path workTree, String fixCommit, String healReport, String outcome) {
    if (memoryDir.isEmpty()) {
      return "the fix memory is off: no ledger to tell";
    }
    List<String> files;
    try {
      JsonNode fixPart = JSON.readTree(healReport).path("fix");
      files = new ArrayList<>();
      fixPart.path("files").forEach(f -> files.add(f.asText()));
    } catch (IOException e) {
      return "the fix's heal report cannot be read, so the ledger was not told";
    }
    if (files.isEmpty()) {
      return "the fix's heal report names no fixed file, so the ledger was not told";
    }
    List<FileChange> changes;
    try {
      changes = changes(workTree, fixCommit, files);
    } catch (IOException e) {
      return "the fix commit cannot be read (" + e.getMessage() + "), so the ledger was not told";
    }
    try {
      FixMemory memory = FixMemory.open(memoryDir.get(), clock);
      Optional<RememberedFix> recorded = memory.recordOutcome(changes, outcome);
      if (recorded.isEmpty()) {
        return "the fix ledger does not know this fix (no remembered fix has its diff)";
      }
      String family = Policy.family(recorded.get().editPattern());
      TrackRecord now = memory.trackRecord(family);
      return "recorded as "
          + outcome
          + " in the fix ledger: "
          + family
          + " fixes now "
          + now.kept()
          + " kept, "
          + now.failed()
          + " failed";
    } catch (UncheckedIOException | IllegalArgumentException e) {
      return "the fix ledger could not be updated: " + e.getMessage();
    }
  }

  /** The fix's files as its parent and the fix commit hold them. */
  private static List<FileChange> changes(Path workTree, String fixCommit, List<String> files)
      throws IOException {
    try (Git git = Git.open(workTree.toFile());
        RevWalk walk = new RevWalk(git.getRepository())) {
      Repository repository = git.getRepository();
      ObjectId id = repository.resolve(fixCommit + "^{commit}");
      if (id == null) {
        throw new IOException("no commit " + fixCommit);
      }
      RevCommit commit = walk.parseCommit(id);
      if (commit.getParentCount() != 1) {
        throw new IOException("the fix commit has " + commit.getParentCount() + " parents");
      }
      RevCommit parent = walk.parseCommit(commit.getParent(0));
      List<FileChange> changes = new ArrayList<>();
      for (String file : files) {
        changes.add(
            new FileChange(
                file,
                text(repository, parent.getTree(), file),
                text(repository, commit.getTree(), file)));
      }
      return changes;
    }
  }

  /** A file's text in {@code tree}; empty when the tree has no such file. */
  static String text(Repository repository, RevTree tree, String file) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repository, file, tree)) {
      if (walk == null) {
        return "";
      }
      return new String(repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
    }
  }
}
