package dev.kintsugi.learn;

import com.github.difflib.patch.PatchFailedException;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.Descriptions;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.repair.Repairer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Proposes the fix remembered for the same failure fingerprint, re-applied to today's file with
 * tolerant matching (so it still applies when lines moved). Repairer string {@code memory}. Only in
 * round 1: a remembered fix either works at once or not at all. Never writes the workspace.
 *
 * <p>Stability: experimental.
 */
public final class MemoryRepairer implements Repairer {

  public static final String NAME = "memory";

  private final FixMemory memory;
  private volatile String lastProblem = "";

  public MemoryRepairer(FixMemory memory) {
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Candidate> propose(RepairRequest request) {
    if (request.round() != 1) {
      lastProblem = "a remembered fix is tried in round 1 only";
      return List.of();
    }
    Optional<RememberedFix> remembered = memory.recall(Fingerprint.of(request.failing()));
    if (remembered.isEmpty()) {
      lastProblem = "no fix remembered for this failure";
      return List.of();
    }
    RememberedFix fix = remembered.get();
    List<MemoryDiff.FilePatch> patches;
    try {
      patches = MemoryDiff.parse(fix.diff());
    } catch (IllegalArgumentException e) {
      lastProblem = "remembered diff unreadable: " + e.getMessage();
      return List.of();
    }
    List<FileChange> changes;
    try {
      changes = replay(patches, request.root());
    } catch (NotApplied e) {
      lastProblem = "remembered fix no longer applies: " + e.getMessage();
      return List.of();
    }
    if (changes.isEmpty()) {
      lastProblem = "remembered fix changes nothing in today's files";
      return List.of();
    }
    lastProblem = "";
    String description =
        "remembered fix ("
            + (fix.editPattern().isEmpty() ? "unknown" : fix.editPattern())
            + ", "
            + fix.recordedAt()
            + "): "
            + Descriptions.oneLine(fix.description(), 160);
    return List.of(new Candidate(NAME, description, changes, 1.0));
  }

  /** Why the last {@link #propose} gave nothing, or empty. */
  public String lastProblem() {
    return lastProblem;
  }

  /** The patches applied to today's files, in memory; files they leave as they are are left out. */
  private static List<FileChange> replay(List<MemoryDiff.FilePatch> patches, Path root)
      throws NotApplied {
    Map<String, String> before = new LinkedHashMap<>();
    Map<String, String> after = new LinkedHashMap<>();
    for (MemoryDiff.FilePatch patch : patches) {
      String file = patch.file();
      String text =
          WorkspaceFile.read(root, file).orElseThrow(() -> new NotApplied("cannot read " + file));
      before.putIfAbsent(file, text);
      try {
        after.put(file, MemoryDiff.apply(patch, after.getOrDefault(file, text)));
      } catch (PatchFailedException e) {
        throw new NotApplied("its change to " + file + " matches nowhere in today's file");
      }
    }
    List<FileChange> changes = new ArrayList<>();
    after.forEach(
        (file, text) -> {
          if (!text.equals(before.get(file))) {
            changes.add(new FileChange(file, before.get(file), text));
          }
        });
    return changes;
  }

  /** Why a remembered diff does not apply to today's files. */
  private static final class NotApplied extends Exception {
    private static final long serialVersionUID = 1L;

    NotApplied(String message) {
      super(message, null, false, false);
    }
  }
}
