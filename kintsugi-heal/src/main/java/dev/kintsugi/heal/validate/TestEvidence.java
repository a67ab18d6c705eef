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

  /** The first {@code n} {@code at ...} lines of a trace, each on its own line. */
  static String frames(String trace, int n) {
    StringBuilder sb = new StringBuilder();
    int kept = 0;
    for (String line : trace.split("\\R")) {
      String t = line.strip();
      if (t.startsWith("at ") && kept < n) {
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
