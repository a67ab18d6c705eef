package dev.kintsugi.core.policy;

import java.util.OptionalInt;

/**
 * Limits a fix must keep to be delivered beyond a local branch: fixes delivered per hour (per
 * repository), changed lines and changed files per patch. Absent: no limit beyond the heal's own.
 */
public record PolicyLimits(
    OptionalInt fixesPerHour, OptionalInt maxChangedLines, OptionalInt maxChangedFiles) {

  public static final PolicyLimits NONE =
      new PolicyLimits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
}
