package dev.kintsugi.heal.loop;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.heal.validate.ChangedLines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders the tests for a candidate so that a bad one fails as early as possible: the previously
 * failing tests first, then the tests that execute the changed lines, then the rest, fastest first.
 */
final class TestPrioritizer {

  private final List<TestId> failing;
  private final List<TestOutcome> baseline;
  private final Coverage coverage;

  TestPrioritizer(List<TestId> failing, List<TestOutcome> baseline, Coverage coverage) {
    this.failing = List.copyOf(failing);
    this.baseline =
        baseline.stream().sorted(Comparator.comparingLong(TestOutcome::millis)).toList();
    this.coverage = coverage;
  }

  List<TestId> order(Candidate candidate) {
    Set<TestId> ordered = new LinkedHashSet<>(failing);
    List<TestId> rest = new ArrayList<>();
    for (TestOutcome test : baseline) {
      if (ordered.contains(test.id())) {
        continue;
      }
      if (touches(test.id(), candidate)) {
        ordered.add(test.id());
      } else {
        rest.add(test.id());
      }
    }
    ordered.addAll(rest);
    return List.copyOf(ordered);
  }

  private boolean touches(TestId test, Candidate candidate) {
    Map<String, Set<Integer>> lines = coverage.linesByTest().get(test);
    if (lines == null) {
      return false;
    }
    for (FileChange change : candidate.changes()) {
      Set<Integer> covered = lines.get(change.file());
      if (covered == null) {
        continue;
      }
      for (int line : ChangedLines.originalLines(change)) {
        if (covered.contains(line)) {
          return true;
        }
      }
    }
    return false;
  }
}
