package dev.kintsugi.heal.validate;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.GateVerdict;
import java.util.Set;

/** Only files ranked by fault localization may change. */
final class ScopeGate implements Gate {

  private final Set<String> allowedFiles;

  ScopeGate(Set<String> allowedFiles) {
    this.allowedFiles = Set.copyOf(allowedFiles);
  }

  @Override
  public String name() {
    return "scope";
  }

  @Override
  public GateVerdict check(Candidate candidate) {
    for (FileChange change : candidate.changes()) {
      if (!allowedFiles.contains(change.file())) {
        return GateVerdict.reject(name(), change.file() + " is not among the localized files");
      }
    }
    return GateVerdict.pass(name(), "");
  }
}
