package dev.kintsugi.heal.loop;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.learn.TrackRecord;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.heal.validate.ChangedLines;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Confidence in a validated fix, in [0, 1], and the parts it is made of. A fix only gets here after
 * passing every gate and the project's own build, which is worth a base of 0.35. The rest rewards
 * what makes overfitting less likely:
 *
 * <ul>
 *   <li>{@code coverage}: 0.2 × the share of changed lines that passing tests execute (the fix is
 *       constrained by tests that must keep passing),
 *   <li>{@code size}: 0.1 × smallness (1 changed line scores full, the size limit scores nothing),
 *   <li>{@code location}: 0.1 × the candidate's own score (location suspiciousness × repairer
 *       prior),
 *   <li>{@code agreement}: 0.1 / number of distinct places the plausible fixes edit (patches at
 *       different places that all pass suggest tests that do not decide; variants at one place do
 *       not),
 *   <li>{@code reproduction}: 0.05 when a test reproducing the error judged the fix (a failing test
 *       of the build, or the production error's reproduction test),
 *   <li>{@code repairer}: 0.1 × the repairer family's track record (its delivered fixes kept,
 *       Laplace-smoothed: 0.5 without history),
 * </ul>
 *
 * <p>less 0.1 for each concern the ranking has about the fix ({@code concerns}: it leaves a
 * variable unread, no failing test executes it). The weights are ours; the calibration table of
 * {@code bench/calibration} says how well the resulting numbers predict a correct fix.
 */
final class Confidence {

  /** A confidence and its parts (each already weighted; they sum to the value before clamping). */
  record Score(double value, Map<String, Double> parts) {}

  private Confidence() {}

  static Score of(
      Candidate fix,
      int places,
      int concerns,
      int maxLines,
      Coverage coverage,
      Set<TestId> passingBefore,
      boolean reproduced,
      TrackRecord track) {
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
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("validated", 0.35);
    parts.put("coverage", round(0.2 * coverageShare));
    parts.put("size", round(0.1 * smallness));
    parts.put("location", round(0.1 * Math.min(1, Math.max(0, fix.score()))));
    parts.put("agreement", round(0.1 / Math.max(1, places)));
    parts.put("reproduction", reproduced ? 0.05 : 0.0);
    parts.put("repairer", round(0.1 * track.precision()));
    parts.put("concerns", round(-0.1 * concerns));
    double value = parts.values().stream().mapToDouble(Double::doubleValue).sum();
    return new Score(round(Math.max(0, Math.min(1, value))), parts);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
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
