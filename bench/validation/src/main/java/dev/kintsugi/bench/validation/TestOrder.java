package dev.kintsugi.bench.validation;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heal loop's test order without its selection (its {@code TestSelection} is internal to
 * kintsugi-heal): the previously failing tests first, then tests that executed the changed lines,
 * then the rest, fastest first. Every test runs, so the figures measure the worker, not selection.
 */
final class TestOrder {

  private final List<TestId> failing;
  private final List<TestOutcome> baseline;
  private final Coverage coverage;

  TestOrder(List<TestId> failing, List<TestOutcome> baseline, Coverage coverage) {
    this.failing = List.copyOf(failing);
    this.baseline =
        baseline.stream().sorted(Comparator.comparingLong(TestOutcome::millis)).toList();
    this.coverage = coverage;
  }

  List<TestId> order(Set<String> files, Map<String, FileChange> changes) {
    Set<TestId> ordered = new LinkedHashSet<>(failing);
    List<TestId> rest = new ArrayList<>();
    for (TestOutcome test : baseline) {
      if (ordered.contains(test.id())) {
        continue;
      }
      if (touches(test.id(), changes)) {
        ordered.add(test.id());
      } else {
        rest.add(test.id());
      }
    }
    ordered.addAll(rest);
    return List.copyOf(ordered);
  }

  private boolean touches(TestId test, Map<String, FileChange> changes) {
    Map<String, Set<Integer>> lines = coverage.linesByTest().get(test);
    if (lines == null) {
      return false;
    }
    for (FileChange change : changes.values()) {
      Set<Integer> covered = lines.get(change.file());
      if (covered == null) {
        continue;
      }
      for (int line : changedLines(change)) {
        if (covered.contains(line)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Lines of the original file the change replaces (the neighbours of a pure insertion). */
  static List<Integer> changedLines(FileChange change) {
    List<String> before = change.before().lines().toList();
    List<String> after = change.after().lines().toList();
    int prefix = 0;
    while (prefix < before.size()
        && prefix < after.size()
        && before.get(prefix).equals(after.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < before.size() - prefix
        && suffix < after.size() - prefix
        && before.get(before.size() - 1 - suffix).equals(after.get(after.size() - 1 - suffix))) {
      suffix++;
    }
    List<Integer> lines = new ArrayList<>();
    for (int line = prefix + 1; line <= before.size() - suffix; line++) {
      lines.add(line);
    }
    if (lines.isEmpty()) {
      lines.add(Math.max(1, prefix));
      lines.add(prefix + 1);
    }
    return lines;
  }
}
