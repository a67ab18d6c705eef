package dev.kintsugi.heal.validate;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.GateVerdict;

/** A fix stays small: at most {@code maxLines} changed lines in at most {@code maxFiles} files. */
final class SizeGate implements Gate {

  private final int maxLines;
  private final int maxFiles;

  SizeGate(int maxLines, int maxFiles) {
    this.maxLines = maxLines;
    this.maxFiles = maxFiles;
  }

  @Override
  public String name() {
    return "size";
  }

  @Override
  public GateVerdict check(Candidate candidate) {
    if (candidate.changes().size() > maxFiles) {
      return GateVerdict.reject(
          name(), candidate.changes().size() + " files changed, limit " + maxFiles);
    }
    int lines = 0;
    for (FileChange change : candidate.changes()) {
      lines += ChangedLines.count(change);
    }
    if (lines > maxLines) {
      return GateVerdict.reject(name(), lines + " lines changed, limit " + maxLines);
    }
    return GateVerdict.pass(name(), lines + " line(s)");
  }
}
