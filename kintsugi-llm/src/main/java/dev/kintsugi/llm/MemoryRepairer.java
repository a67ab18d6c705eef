package dev.kintsugi.llm;

import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.Descriptions;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.repair.Repairer;
import java.util.List;
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
      return List.of();
    }
    Optional<RememberedFix> remembered = memory.recall(Fingerprint.of(request.failing()));
    if (remembered.isEmpty()) {
      lastProblem = "no fix remembered for this failure";
      return List.of();
    }
    RememberedFix fix = remembered.get();
    ReplyParser.Parsed parsed = ReplyParser.parse(fix.diff());
    if (!parsed.problems().isEmpty() || parsed.edits().isEmpty()) {
      lastProblem = "remembered diff unreadable: " + String.join("; ", parsed.problems());
      return List.of();
    }
    List<RankedLocation> top = request.diagnosis().top(1);
    String defaultFile = top.isEmpty() ? firstOrNull(fix.files()) : top.get(0).file();
    int line = top.isEmpty() ? 1 : top.get(0).line();
    PatchApplier.Result result =
        new PatchApplier(new WorkspaceFiles(request.root()), defaultFile, line)
            .apply(parsed.edits());
    if (!result.ok()) {
      lastProblem = "remembered fix no longer applies: " + result.problem();
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
    return List.of(new Candidate(NAME, description, result.changes(), 1.0));
  }

  /** Why the last {@link #propose} gave nothing, or empty. */
  public String lastProblem() {
    return lastProblem;
  }

  private static String firstOrNull(List<String> files) {
    return files.isEmpty() ? null : files.get(0);
  }
}
