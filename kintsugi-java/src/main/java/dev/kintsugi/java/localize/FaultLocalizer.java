package dev.kintsugi.java.localize;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks suspicious main-code lines for a set of failing tests.
 *
 * <p>Two signals are combined into one score in [0, 1]: the failing tests' stack frames that fall
 * in main code (the frame nearest the throw scores 1, the next 1/2, ...) and Ochiai over per-test
 * line coverage. Each counts for half, so a line that is both on the stack and executed only by
 * failing tests ranks first; assertion failures with no main-code frame rank by coverage alone.
 * Ties keep lines nearest the throw first, then source order.
 */
public final class FaultLocalizer {

  static final double STACK_WEIGHT = 0.5;
  static final double SPECTRUM_WEIGHT = 0.5;

  private final SourceIndex sources;

  public FaultLocalizer(SourceIndex sources) {
    this.sources = sources;
  }

  /**
   * Ranks lines.
   *
   * @param failing the failing tests, with their stack traces
   * @param executed all tests of the coverage run with their outcomes (the spectrum)
   * @param coverage per-test covered lines (may be empty: then stack frames alone rank)
   */
  public Diagnosis localize(
      List<TestOutcome> failing, List<TestOutcome> executed, Coverage coverage) {
    return localize(failing, executed, coverage, List.of());
  }

  /**
   * Ranks lines, also scoring the frames of stack traces seen outside the test suite (a production
   * error's trace) like those of failing tests.
   */
  public Diagnosis localize(
      List<TestOutcome> failing,
      List<TestOutcome> executed,
      Coverage coverage,
      List<String> extraTraces) {
    Map<Line, Double> stack = stackScores(failing.stream().map(TestOutcome::stackTrace).toList());
    for (var entry : stackScores(extraTraces).entrySet()) {
      stack.merge(entry.getKey(), entry.getValue(), Math::max);
    }
    Map<Line, Double> spectrum = spectrumScores(failing, executed, coverage);
    Set<Line> all = new HashSet<>(stack.keySet());
    all.addAll(spectrum.keySet());
    List<RankedLocation> ranked = new ArrayList<>();
    for (Line line : all) {
      double s = stack.getOrDefault(line, 0.0);
      double o = spectrum.getOrDefault(line, 0.0);
      double score = Math.min(1.0, STACK_WEIGHT * s + SPECTRUM_WEIGHT * o);
      if (score <= 0.0) {
        continue;
      }
      ranked.add(new RankedLocation(line.file(), line.line(), score, evidence(s, o)));
    }
    ranked.sort(
        Comparator.comparingDouble(RankedLocation::score)
            .reversed()
            .thenComparing(l -> -stack.getOrDefault(new Line(l.file(), l.line()), 0.0))
            .thenComparing(RankedLocation::file)
            .thenComparingInt(RankedLocation::line));
    return new Diagnosis(ranked, summary(failing, ranked));
  }

  private Map<Line, Double> stackScores(List<String> traces) {
    Map<Line, Double> scores = new HashMap<>();
    for (String trace : traces) {
      int depth = 0;
      for (StackFrame frame : StackTraceParser.parse(trace)) {
        var file = sources.find(frame.packageName(), frame.fileName());
        if (file.isEmpty()) {
          continue; // JDK, library or test code: not ours to edit
        }
        double score = 1.0 / (1 + depth++);
        scores.merge(new Line(file.get(), frame.line()), score, Math::max);
      }
    }
    return scores;
  }

  private static Map<Line, Double> spectrumScores(
      List<TestOutcome> failing, List<TestOutcome> executed, Coverage coverage) {
    Set<TestId> failingIds = new HashSet<>();
    for (TestOutcome f : failing) {
      failingIds.add(f.id());
    }
    Map<Line, int[]> counts = new HashMap<>(); // [executed by failing, executed by passing]
    int totalFailing = 0;
    for (TestOutcome test : executed) {
      boolean failed = test.failed() || failingIds.contains(test.id());
      if (failed) {
        totalFailing++;
      }
      Map<String, Set<Integer>> lines = coverage.linesByTest().get(test.id());
      if (lines == null) {
        continue;
      }
      for (var entry : lines.entrySet()) {
        for (int line : entry.getValue()) {
          int[] c = counts.computeIfAbsent(new Line(entry.getKey(), line), k -> new int[2]);
          c[failed ? 0 : 1]++;
        }
      }
    }
    Map<Line, Double> scores = new HashMap<>();
    for (var entry : counts.entrySet()) {
      double score = Ochiai.score(entry.getValue()[0], entry.getValue()[1], totalFailing);
      if (score > 0) {
        scores.put(entry.getKey(), score);
      }
    }
    return scores;
  }

  private static String evidence(double stack, double ochiai) {
    List<String> parts = new ArrayList<>();
    if (stack > 0) {
      parts.add("stack frame #" + Math.round(1 / stack));
    }
    if (ochiai > 0) {
      parts.add(String.format(Locale.ROOT, "ochiai %.2f", ochiai));
    }
    return String.join(", ", parts);
  }

  private static String summary(List<TestOutcome> failing, List<RankedLocation> ranked) {
    if (ranked.isEmpty()) {
      return failing.size() + " failing test(s); no main-code line could be ranked";
    }
    RankedLocation top = ranked.get(0);
    TestOutcome first = failing.isEmpty() ? null : failing.get(0);
    String what =
        first == null || first.exceptionType().isEmpty()
            ? ""
            : " (" + simpleName(first.exceptionType()) + ")";
    return String.format(
        Locale.ROOT,
        "%d failing test(s)%s; most suspicious: %s:%d (%s) among %d ranked lines",
        failing.size(),
        what,
        top.file(),
        top.line(),
        top.evidence(),
        ranked.size());
  }

  private static String simpleName(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  private record Line(String file, int line) {}
}
