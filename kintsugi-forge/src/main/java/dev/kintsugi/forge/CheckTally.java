package dev.kintsugi.forge;

import java.util.ArrayList;
import java.util.List;

/** Adds up checks of any kind into one {@link Checks}: a failure fails, else pending waits. */
final class CheckTally {

  private static final int SUMMARY_LIMIT = 200;

  private int passed;
  private int pending;
  private final List<String> failures = new ArrayList<>();

  void passed() {
    passed++;
  }

  void pending() {
    pending++;
  }

  void failed(String name, String summary) {
    String cleanName = Untrusted.clean(name, 100);
    String cleanSummary = Untrusted.clean(summary, SUMMARY_LIMIT);
    failures.add(cleanSummary.isEmpty() ? cleanName : cleanName + ": " + cleanSummary);
  }

  Checks checks() {
    Checks.Verdict verdict;
    if (!failures.isEmpty()) {
      verdict = Checks.Verdict.FAILURE;
    } else if (pending > 0) {
      verdict = Checks.Verdict.PENDING;
    } else if (passed > 0) {
      verdict = Checks.Verdict.SUCCESS;
    } else {
      verdict = Checks.Verdict.NONE;
    }
    return new Checks(verdict, failures);
  }
}
