package dev.kintsugi.java.repro;

import dev.kintsugi.core.signal.TestOutcome;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a run of a generated reproduction test reproduces the production incident: the
 * test failed, with the production exception type, and the trace passes through the production
 * throw site before reaching the test's own frame. The trace is untrusted text and only matched
 * against the exact frame shape.
 *
 * <p>Stability: experimental.
 */
public final class ReproductionCheck {

  // "at [module/]pkg.Class$Inner.method(": class and method of one frame line.
  private static final Pattern FRAME =
      Pattern.compile("^\\s*at\\s+(?:[\\w.$@-]*/){0,2}([\\w.$]+)\\.([\\w$<>]+)\\(");

  private ReproductionCheck() {}

  /** Whether {@code outcome} reproduces the incident {@code test} was generated for. */
  public static boolean reproduces(ReproductionTest test, TestOutcome outcome) {
    return mismatch(test, outcome).isEmpty();
  }

  /** Why {@code outcome} does not reproduce the incident, or empty when it does. */
  public static Optional<String> mismatch(ReproductionTest test, TestOutcome outcome) {
    if (!outcome.failed()) {
      return Optional.of("the test did not fail (" + outcome.status() + ")");
    }
    String actual = normalize(outcome.exceptionType());
    if (!actual.equals(normalize(test.expectedExceptionType()))) {
      return Optional.of(
          "the test failed with "
              + (actual.isEmpty() ? "no exception type" : actual)
              + ", not "
              + test.expectedExceptionType());
    }
    if (!passesThrowSite(outcome.stackTrace(), test.expectedThrowSite(), test.testClass())) {
      return Optional.of(
          "the trace does not pass through " + test.expectedThrowSite() + " before the test");
    }
    return Optional.empty();
  }

  /**
   * Whether some exception of the trace (the thrown one or a cause, never a suppressed one) lists
   * {@code throwSite} before its first frame in {@code testClass}. Causes print only the frames
   * they do not share with the exception they caused, so each is checked on its own.
   */
  static boolean passesThrowSite(String trace, String throwSite, String testClass) {
    boolean testReached = false;
    int suppressedIndent = -1;
    for (String line : trace.split("\\R")) {
      int indent = indent(line);
      String text = line.trim();
      if (suppressedIndent >= 0 && indent > suppressedIndent) {
        continue;
      }
      suppressedIndent = -1;
      if (text.startsWith("Suppressed:")) {
        suppressedIndent = indent;
        continue;
      }
      if (text.startsWith("Caused by:")) {
        testReached = false;
        continue;
      }
      Matcher frame = FRAME.matcher(line);
      if (!frame.find() || testReached) {
        continue;
      }
      String className = frame.group(1);
      if (className.equals(testClass) || className.startsWith(testClass + "$")) {
        testReached = true;
      } else if ((className + "." + frame.group(2)).equals(throwSite)) {
        return true;
      }
    }
    return false;
  }

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String normalize(String exceptionType) {
    String type = exceptionType.trim();
    int end = 0;
    while (end < type.length()
        && (Character.isJavaIdentifierPart(type.charAt(end)) || type.charAt(end) == '.')) {
      end++;
    }
    return type.substring(0, end).replace('$', '.');
  }
}
