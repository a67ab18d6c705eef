package dev.kintsugi.heal.validate;

import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.GateVerdict;
import java.util.Optional;

/**
 * No file the policy protects may change. A gate, not only a delivery decision, so the search goes
 * on to a fix elsewhere instead of finding one it may not deliver.
 */
final class ProtectedPathGate implements Gate {

  static final String NAME = "protected-path";

  private final Policy policy;

  ProtectedPathGate(Policy policy) {
    this.policy = policy;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GateVerdict check(Candidate candidate) {
    for (FileChange change : candidate.changes()) {
      Optional<String> glob = policy.protecting(change.file());
      if (glob.isPresent()) {
        return GateVerdict.reject(
            name(), change.file() + " is protected by the policy (" + glob.get() + ")");
      }
    }
    return GateVerdict.pass(name(), "");
  }
}
