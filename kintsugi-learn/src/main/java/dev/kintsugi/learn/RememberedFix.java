package dev.kintsugi.learn;

import dev.kintsugi.core.learn.FixExample;
import dev.kintsugi.core.learn.Learner;
import dev.kintsugi.learn.pattern.EditPattern;
import java.util.List;

/**
 * One fix in the {@link FixMemory}.
 *
 * <p>Stability: experimental.
 *
 * @param fingerprint {@link Fingerprint#id()} of the failure it fixed
 * @param exceptionType the failure's exception type
 * @param frames the failure's top in-app frames
 * @param tests the failing tests it fixed
 * @param message the first failure message, scrubbed of secrets, at most 300 characters
 * @param files the files it changed
 * @param diff its unified diff
 * @param editPattern who made it, e.g. {@code template:relational-operator} or {@code llm:...}
 * @param description one line saying what it does
 * @param outcome {@code validated}, {@code delivered}, {@code regressed}...
 * @param recordedAt ISO-8601 instant
 * @param pattern the edit abstracted from it, when it changed one place (see {@link
 *     dev.kintsugi.learn.pattern.PatternExtractor}); null otherwise and in older files
 */
public record RememberedFix(
    String fingerprint,
    String exceptionType,
    List<String> frames,
    List<String> tests,
    String message,
    List<String> files,
    String diff,
    String editPattern,
    String description,
    String outcome,
    String recordedAt,
    EditPattern pattern) {

  public RememberedFix {
    fingerprint = orEmpty(fingerprint);
    exceptionType = orEmpty(exceptionType);
    frames = frames == null ? List.of() : List.copyOf(frames);
    tests = tests == null ? List.of() : List.copyOf(tests);
    message = orEmpty(message);
    files = files == null ? List.of() : List.copyOf(files);
    diff = orEmpty(diff);
    editPattern = orEmpty(editPattern);
    description = orEmpty(description);
    outcome = orEmpty(outcome);
    recordedAt = orEmpty(recordedAt);
  }

  /** Whether the fix worked (validated or delivered, not regressed). */
  public boolean succeeded() {
    return outcome.equals(Learner.VALIDATED) || outcome.equals(Learner.DELIVERED);
  }

  /** This fix as a few-shot example for a model. */
  FixExample example() {
    return new FixExample(exceptionType, tests, message, files, diff, editPattern, description);
  }

  String text() {
    return exceptionType
        + " "
        + String.join(" ", frames)
        + " "
        + String.join(" ", tests)
        + " "
        + message
        + " "
        + String.join(" ", files);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
