package dev.kintsugi.core.policy;

import java.util.OptionalDouble;

/**
 * Confidence thresholds of one environment and criticality: a fix whose confidence reaches {@code
 * autoMerge} may merge by itself, one reaching {@code requireApproval} gets a pull request for a
 * person to approve, one reaching {@code notifyOnly} a pushed branch and a notification; below
 * every threshold given, the fix stays a local branch. An absent threshold is never reached.
 */
public record Thresholds(
    OptionalDouble autoMerge, OptionalDouble requireApproval, OptionalDouble notifyOnly) {

  public Thresholds {
    check(autoMerge, "autoMerge");
    check(requireApproval, "requireApproval");
    check(notifyOnly, "notifyOnly");
  }

  private static void check(OptionalDouble value, String name) {
    if (value.isPresent() && !(value.getAsDouble() >= 0 && value.getAsDouble() <= 1)) {
      throw new IllegalArgumentException(
          name + " must be a number in [0, 1], was " + value.getAsDouble());
    }
  }
}
