package dev.kintsugi.core.deliver;

import dev.kintsugi.core.repair.FileChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A fix ready to deliver.
 *
 * @param repository the user's repository (its work tree), never changed but for the new ref
 * @param baseCommit the commit that was healed
 * @param changes the fix, and the reproduction test when one judged it
 * @param message the commit message
 */
public record FixCommit(
    Path repository, String baseCommit, List<FileChange> changes, String message) {

  public FixCommit {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(baseCommit, "baseCommit");
    Objects.requireNonNull(message, "message");
    changes = List.copyOf(changes);
  }
}
