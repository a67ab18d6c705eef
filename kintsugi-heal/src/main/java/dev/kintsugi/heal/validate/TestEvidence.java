package dev.kintsugi.heal.validate;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.validate.Trial;
import java.util.Arrays;
import java.util.Locale;

/** How a test's outcome reads as gate evidence: the next round's hint, so it keeps the where. */
final class TestEvidence {

  /** Frames of the failure shown in the evidence: enough to see where. */
  static final int TRACE_FRAMES = 8;

  private TestEvidence() {}

  static String describe(TestId id, TestOutcome outcome, Trial trial) {
    if (outcome == null) {
      return id + " did not run" + (trial.workerDied() ? " (test worker died)" : "");
    }
    String message = outcome.message().isEmpty() ? "" : ": " + oneLine(outcome.message(), 200);
    String type = outcome.exceptionType().isEmpty() ? "" : " " + outcome.exceptionType();
    return id
        + " "
        + outcome.status().name().toLowerCase(Locale.ROOT)
        + type
        + message
        + frames(outcome.stackTrace(), TRACE_FRAMES);
  }

  /**
   * Frames of assertion libraries and the JDK's reflection say nothing about where the code went
   * wrong: they would fill the evidence before the test's own frame.
   */
  private static final java.util.List<String> NOISE =
      java.util.List.of(
          "at org.junit.",
          "at org.opentest4j.",
          "at org.assertj.",
          "at org.hamcrest.",
          "at junit.",
          "at java.base/jdk.internal.reflect.",
          "at java.base/java.lang.reflect.",
          "at jdk.internal.reflect.",
          "at java.lang.reflect.");

  /** The first {@code n} {@code at ...} lines of a trace, less noise, each on its own line. */
  static String frames(String trace, int n) {
    StringBuilder sb = new StringBuilder();
    int kept = 0;
    for (String line : trace.split("\\R")) {
      String t = line.strip();
      if (t.startsWith("at ") && kept < n && NOISE.stream().noneMatch(t::startsWith)) {
        sb.append("\n    ").append(t);
        kept++;
      }
    }
    return sb.toString();
  }

  static String oneLine(String text, int max) {
    String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }

  static String firstLines(String text, int n) {
    String[] lines = text.strip().split("\\R");
    return String.join("\n", Arrays.asList(lines).subList(0, Math.min(n, lines.length)));
  }
}
