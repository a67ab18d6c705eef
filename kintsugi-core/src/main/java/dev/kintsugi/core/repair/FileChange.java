package dev.kintsugi.core.repair;

import java.util.Objects;

/**
 * A whole-file change: the content the candidate expects to find and the content it writes.
 *
 * @param file path relative to the repository root, with {@code /} separators
 */
public record FileChange(String file, String before, String after) {

  public FileChange {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }
}
