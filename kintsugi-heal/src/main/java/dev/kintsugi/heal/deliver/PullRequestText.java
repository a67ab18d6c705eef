package dev.kintsugi.heal.deliver;

import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The title and Markdown body of a fix's pull request: what broke, the root cause, the change, the
 * tests before and after, the gates' evidence, how many other fixes were plausible, the confidence
 * and the policy's decision.
 *
 * <p>Error messages and test names come from the failing program, and for production heals from
 * untrusted events: they appear only inside code fences longer than any backtick run they hold, or
 * as inline code, so they render as text and can neither format the page nor mention people or link
 * anywhere.
 */
public final class PullRequestText {

  private static final int MAX_TITLE = 100;
  private static final int MAX_FAILING_SHOWN = 10;
  private static final Pattern BACKTICKS = Pattern.compile("`+");

  /**
   * What a pull request tells.
   *
   * @param error the error the fix is for, one line (production error, or the first failing test's
   *     exception)
   * @param failing the tests that failed before the fix
   * @param reproductionTest the generated reproduction test, when one judged the fix
   * @param cause {@code file:line} of the root cause, or null
   * @param description what the edit does
   * @param repairer who proposed it
   * @param diff the fix's unified diff
   * @param evidence the gates' evidence, one line each ({@code compiles: ...})
   * @param confirmation what the project's build said
   * @param plausible plausible fixes found, this one included
   * @param places distinct places they edit
   * @param confidence the fix's confidence
   * @param confidenceParts what it is made of
   * @param decision the policy's decision ({@code require_approval})
   * @param explanation the policy's reason
   * @param baseCommit the healed commit
   */
  public record Story(
      String error,
      List<TestOutcome> failing,
      String reproductionTest,
      String cause,
      String description,
      String repairer,
      String diff,
      List<String> evidence,
      String confirmation,
      int plausible,
      int places,
      double confidence,
      Map<String, Double> confidenceParts,
      String decision,
      String explanation,
      String baseCommit) {

    public Story {
      Objects.requireNonNull(error, "error");
      failing = List.copyOf(failing);
      evidence = List.copyOf(evidence);
      confidenceParts = Map.copyOf(confidenceParts);
    }
  }

  private PullRequestText() {}

  /** One line naming the error, at most 100 characters, control characters removed. */
  public static String title(Story story) {
    String title = "Kintsugi: fix " + oneLine(story.error());
    return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
  }

  public static String body(Story story) {
    StringBuilder b = new StringBuilder();
    b.append("## What broke\n\n");
    b.append(fenced("text", story.error())).append('\n');
    b.append("Failing before this change (").append(story.failing().size()).append("):\n\n");
    for (TestOutcome test :
        story.failing().subList(0, Math.min(MAX_FAILING_SHOWN, story.failing().size()))) {
      b.append("- ").append(code(test.id().toString()));
      String why = (simple(test.exceptionType()) + ": " + test.message()).strip();
      if (!why.equals(":")) {
        b.append(" — ").append(code(shorten(oneLine(why), 200)));
      }
      b.append('\n');
    }
    if (story.failing().size() > MAX_FAILING_SHOWN) {
      b.append("- … and ").append(story.failing().size() - MAX_FAILING_SHOWN).append(" more\n");
    }
    if (story.reproductionTest() != null) {
      b.append("- reproduction test ")
          .append(code(story.reproductionTest()))
          .append(", generated from the production error (included in this change)\n");
    }
    b.append("\n## Root cause\n\n");
    b.append(story.cause() == null ? "not located" : code(story.cause())).append("\n\n");
    b.append("## The change\n\n");
    b.append(oneLine(story.description()))
        .append(" (by ")
        .append(code(story.repairer()))
        .append(")\n\n");
    b.append(fenced("diff", story.diff())).append('\n');
    b.append("## Evidence\n\n");
    b.append("After this change every test above passes, and ")
        .append(oneLine(story.confirmation()))
        .append(".\n\n");
    for (String gate : story.evidence()) {
      b.append("- ").append(code(shorten(oneLine(gate), 300))).append('\n');
    }
    b.append("\nPlausible fixes found: ")
        .append(story.plausible())
        .append(story.places() > 1 ? " at " + story.places() + " places" : "")
        .append(" (this one ranked first).\n\n");
    b.append("## Confidence: ")
        .append(String.format(Locale.ROOT, "%.2f", story.confidence()))
        .append("\n\n");
    story.confidenceParts().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                b.append("- ")
                    .append(e.getKey())
                    .append(": ")
                    .append(String.format(Locale.ROOT, "%.2f", e.getValue()))
                    .append('\n'));
    b.append("\n## Policy\n\n");
    b.append(code(story.decision()))
        .append(": ")
        .append(oneLine(story.explanation()))
        .append("\n\n");
    b.append("---\nOpened by Kintsugi from ")
        .append(code(story.baseCommit()))
        .append(". It merges only where the project's policy allows it and its checks pass.\n");
    return b.toString();
  }

  /** A fenced block longer than any run of backticks in {@code text}, so nothing escapes it. */
  static String fenced(String language, String text) {
    int longest = 2;
    Matcher m = BACKTICKS.matcher(text);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    String fence = "`".repeat(longest + 1);
    String body = text.endsWith("\n") ? text : text + "\n";
    return fence + language + "\n" + body + fence + "\n";
  }

  /** Inline code that holds any text: delimited by one backtick more than its longest run. */
  static String code(String text) {
    String t = oneLine(text);
    int longest = 0;
    Matcher m = BACKTICKS.matcher(t);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    String tick = "`".repeat(longest + 1);
    String pad = t.startsWith("`") || t.endsWith("`") || longest > 0 ? " " : "";
    return tick + pad + t + pad + tick;
  }

  private static String simple(String type) {
    return type == null ? "" : type.substring(type.lastIndexOf('.') + 1);
  }

  private static String oneLine(String text) {
    return (text == null ? "" : text).replaceAll("\\p{Cntrl}", " ").strip().replaceAll("\\s+", " ");
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
