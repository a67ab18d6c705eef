package dev.kintsugi.server.store;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a project's events may make the heal host do: how many heals they may start (per hour, at
 * once, and for new fingerprints per hour, since a DSN key holder can mint fingerprints at will),
 * which branches and tags an event's release may name, and in how many events a frame must be seen
 * before a reproduction test may call its method.
 *
 * <p>Stable: the field names are part of the REST contract ({@code /projects/{id}/heal-policy}).
 *
 * @param trustedRefs branch or tag names, a trailing {@code *} matching any suffix; empty: the
 *     repository's default branch
 */
public record HealPolicy(
    int healsPerHour,
    int concurrentHeals,
    int newFingerprintHealsPerHour,
    List<String> trustedRefs,
    int minFrameEvents) {

  /** Enough for a bad deploy's handful of new errors, not for a flood of forged ones. */
  public static final HealPolicy DEFAULT = new HealPolicy(12, 4, 6, List.of(), 2);

  /** How long a new incident seen once waits for a second event before it heals without one. */
  public static final Duration SECOND_EVENT_GRACE = Duration.ofSeconds(60);

  static final int MAX_PER_HOUR = 1000;
  static final int MAX_REFS = 50;
  static final int MAX_REF_LENGTH = 200;
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9._/-]+\\*?");

  public HealPolicy {
    range("healsPerHour", healsPerHour, 0, MAX_PER_HOUR);
    range("concurrentHeals", concurrentHeals, 1, 64);
    range("newFingerprintHealsPerHour", newFingerprintHealsPerHour, 0, MAX_PER_HOUR);
    range("minFrameEvents", minFrameEvents, 1, 1000);
    trustedRefs = List.copyOf(trustedRefs);
    if (trustedRefs.size() > MAX_REFS) {
      throw new IllegalArgumentException(
          "trustedRefs holds at most " + MAX_REFS + " names, had " + trustedRefs.size());
    }
    if (String.join(",", trustedRefs).length() > 2000) {
      throw new IllegalArgumentException("trustedRefs: at most 2000 characters in all");
    }
    for (String ref : trustedRefs) {
      if (ref.length() > MAX_REF_LENGTH
          || !REF.matcher(ref).matches()
          || ref.startsWith("-")
          || ref.contains("..")) {
        throw new IllegalArgumentException(
            "trustedRefs: '"
                + (ref.length() > 60 ? ref.substring(0, 60) + "…" : ref)
                + "' is not a branch or tag name (letters, digits, . _ / -, an optional trailing *,"
                + " at most "
                + MAX_REF_LENGTH
                + " characters)");
      }
    }
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
