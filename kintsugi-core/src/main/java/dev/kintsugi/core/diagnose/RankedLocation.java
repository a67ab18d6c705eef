package dev.kintsugi.core.diagnose;

import java.util.Objects;

/**
 * A suspicious source line.
 *
 * @param file path relative to the repository root, with {@code /} separators
 * @param line 1-based line number
 * @param score suspiciousness in [0, 1], higher is more suspicious
 * @param evidence why the line is suspicious (e.g. {@code "stack frame #1, ochiai 0.71"})
 */
public record RankedLocation(String file, int line, double score, String evidence) {

  public RankedLocation {
    Objects.requireNonNull(file, "file");
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1, was " + line);
    }
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
    evidence = evidence == null ? "" : evidence;
  }
}
