package dev.kintsugi.heal.loop;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.heal.validate.ChangedLines;
import java.util.Map;
import java.util.Set;

/**
 * Confidence in a validated fix, in [0, 1]. A fix only gets here after passing every gate and the
 * project's own build, which is worth a base of 0.4. The rest rewards what makes overfitting less
 * likely:
 *
 * <ul>
 *   <li>0.2 × the share of changed lines that passing tests execute (the fix is constrained by
 *       tests that must keep passing),
 *   <li>0.15 × smallness (1 changed line scores full, the size limit scores nothing),
 *   <li>0.15 × the candidate's own score (location suspiciousness × repairer prior),
 *   <li>0.1 × agreement: 1 / number of distinct places the plausible fixes edit (patches at
 *       different places that all pass suggest tests that do not decide; variants at one place do
 *       not),
 * </ul>
 *
 * <p>less 0.1 for each concern the ranking has about the fix (it leaves a variable unread, no
 * failing test executes it).
 */
final class Confidence {

  private Confidence() {}

  static double of(
      Candidate fix,
      int places,
      int concerns,
      int maxLines,
      Coverage coverage,
      Set<TestId> passingBefore) {
    int changed = 0;
    int covered = 0;
    for (FileChange change : fix.changes()) {
      for (int line : ChangedLines.originalLines(change)) {
        changed++;
        if (coveredByPassing(coverage, passingBefore, change.file(), line)) {
          covered++;
        }
      }
    }
    double coverageShare = changed == 0 ? 0 : (double) covered / changed;
    int lines = fix.changes().stream().mapToInt(ChangedLines::count).sum();
    double smallness = maxLines <= 1 ? 1 : Math.max(0, 1 - (lines - 1) / (double) (maxLines - 1));
    double value =
        0.4
            + 0.2 * coverageShare
            + 0.15 * smallness
            + 0.15 * Math.min(1, Math.max(0, fix.score()))
            + 0.1 / Math.max(1, places)
            - 0.1 * concerns;
    return Math.round(Math.max(0, Math.min(1, value)) * 100) / 100.0;
  }

  private static boolean coveredByPassing(
      Coverage coverage, Set<TestId> passing, String file, int line) {
    for (Map.Entry<TestId, Map<String, Set<Integer>>> e : coverage.linesByTest().entrySet()) {
      if (passing.contains(e.getKey())) {
        Set<Integer> lines = e.getValue().get(file);
        if (lines != null && lines.contains(line)) {
          return true;
        }
      }
    }
    return false;
  }
}
