package dev.kintsugi.heal.loop;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.heal.validate.ChangedLines;
import dev.kintsugi.heal.validate.EnclosingDeclarations;
import dev.kintsugi.heal.validate.EnclosingDeclarations.LineRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tests a candidate runs in fast validation, in the order that fails a bad one earliest.
 *
 * <p>Regression test selection by coverage, as program-repair tools do (PraPR, ARJA): a test that
 * never executed the code a candidate changes behaves the same with the candidate — its run is
 * identical up to the point where it would reach that code, and it never does. So a candidate runs
 * the previously failing tests first, then the tests that executed a changed line, then the other
 * tests that executed the member (method, constructor, initializer, field) enclosing a changed
 * line, each group fastest first (the failing tests too); no others. Where no test is known to
 * execute that member (JaCoCo marks no line of a method whose every call throws before its first
 * probe; a field without an initializer has no code), the selection widens to the enclosing type,
 * then the file, then every test. The project's own build, run on the fix before it is delivered,
 * is the backstop: a fix it rejects is withdrawn and the next plausible candidate is confirmed
 * instead.
 */
final class TestSelection {

  private final List<TestId> failing;
  private final List<TestOutcome> baseline;
  private final Coverage coverage;

  /** Parsed original files, by content: the candidates of a heal share a few originals. */
  private final Map<String, EnclosingDeclarations> declarations = new ConcurrentHashMap<>();

  /** Lines of each file that some baseline test executed: the union of the coverage, by file. */
  private final Map<String, Set<Integer>> executed = new ConcurrentHashMap<>();

  TestSelection(List<TestId> failing, List<TestOutcome> baseline, Coverage coverage) {
    this.baseline =
        baseline.stream().sorted(Comparator.comparingLong(TestOutcome::millis)).toList();
    // Failing tests fastest first too: most candidates fail them, and the slow one is often the
    // one that builds (or dirties) a Spring context, which a cheap failure then never touches.
    // Those missing from the baseline keep their order, last (the sort is stable).
    Map<TestId, Long> millis = new HashMap<>();
    baseline.forEach(t -> millis.merge(t.id(), t.millis(), Math::min));
    this.failing =
        failing.stream()
            .sorted(Comparator.comparingLong(id -> millis.getOrDefault(id, Long.MAX_VALUE)))
            .toList();
    this.coverage = coverage;
  }

  /** The tests of the baseline a candidate must pass, failing tests first. */
  List<TestId> tests(Candidate candidate) {
    Set<TestId> selected = new LinkedHashSet<>(failing);
    if (coverage.linesByTest().isEmpty()) {
      baseline.forEach(t -> selected.add(t.id()));
      return List.copyOf(selected);
    }
    List<TestId> enclosingOnly = new ArrayList<>();
    boolean everything = false;
    List<Scope> scopes = new ArrayList<>();
    for (FileChange change : candidate.changes()) {
      EnclosingDeclarations original =
          declarations.computeIfAbsent(change.before(), EnclosingDeclarations::of);
      for (int line : ChangedLines.originalLines(change)) {
        LineRange range = innermostExecuted(change.file(), original.around(line));
        if (range == null) {
          everything = true;
        } else {
          scopes.add(new Scope(change.file(), line, range));
        }
      }
    }
    for (TestOutcome test : baseline) {
      if (selected.contains(test.id())) {
        continue;
      }
      Map<String, Set<Integer>> byFile = coverage.linesByTest().get(test.id());
      if (runsAny(byFile, scopes, true)) {
        selected.add(test.id());
      } else if (everything || runsAny(byFile, scopes, false)) {
        enclosingOnly.add(test.id());
      }
    }
    selected.addAll(enclosingOnly);
    return List.copyOf(selected);
  }

  /** How many tests of the baseline there are: what a candidate would run without selection. */
  int baselineSize() {
    return baseline.size();
  }

  /** The innermost range some baseline test executed a line of, or null when none did. */
  private LineRange innermostExecuted(String file, List<LineRange> innermostFirst) {
    Set<Integer> lines = executed.computeIfAbsent(file, this::executedLines);
    return innermostFirst.stream().filter(range -> anyIn(lines, range)).findFirst().orElse(null);
  }

  private Set<Integer> executedLines(String file) {
    Set<Integer> lines = new HashSet<>();
    for (Map<String, Set<Integer>> byFile : coverage.linesByTest().values()) {
      lines.addAll(byFile.getOrDefault(file, Set.of()));
    }
    return lines;
  }

  private static boolean runsAny(
      Map<String, Set<Integer>> byFile, List<Scope> scopes, boolean changedLineOnly) {
    if (byFile == null) {
      return false;
    }
    for (Scope scope : scopes) {
      Set<Integer> covered = byFile.get(scope.file());
      if (covered == null) {
        continue;
      }
      if (changedLineOnly ? covered.contains(scope.line()) : anyIn(covered, scope.range())) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyIn(Set<Integer> covered, LineRange range) {
    if (covered == null) {
      return false;
    }
    for (int line : covered) {
      if (range.contains(line)) {
        return true;
      }
    }
    return false;
  }

  /** A changed line and the range of code whose tests it selects. */
  private record Scope(String file, int line, LineRange range) {}
}
