package dev.kintsugi.heal.validate;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.GateVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The candidate's expected "before" content matches the workspace, and it changes something. */
final class AppliesGate implements Gate {

  private final Path root;

  AppliesGate(Path root) {
    this.root = root;
  }

  @Override
  public String name() {
    return "applies";
  }

  @Override
  public GateVerdict check(Candidate candidate) {
    for (FileChange change : candidate.changes()) {
      Path file = root.resolve(change.file()).normalize();
      if (!file.startsWith(root)) {
        return GateVerdict.reject(name(), change.file() + " is outside the repository");
      }
      if (!Files.isRegularFile(file)) {
        return GateVerdict.reject(name(), change.file() + " does not exist");
      }
      try {
        String current = Files.readString(file, StandardCharsets.UTF_8);
        if (!current.equals(change.before())) {
          return GateVerdict.reject(
              name(), change.file() + " has changed since the candidate was made");
        }
      } catch (IOException e) {
        return GateVerdict.reject(name(), "cannot read " + change.file() + ": " + e.getMessage());
      }
      if (change.before().equals(change.after())) {
        return GateVerdict.reject(name(), change.file() + " is unchanged");
      }
    }
    return GateVerdict.pass(name(), candidate.changes().size() + " file(s)");
  }
}
