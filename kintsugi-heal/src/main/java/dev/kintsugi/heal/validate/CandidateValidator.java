package dev.kintsugi.heal.validate;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.Verdict;
import dev.kintsugi.sandbox.testrun.CandidateRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the gates of DESIGN.md in order, cheapest first, and stops at the first rejection: applies →
 * parses → scope → size → safety → compiles → previously failing tests pass → the other relevant
 * tests pass (those the test order selects). Every verdict keeps its evidence and timing.
 */
public final class CandidateValidator {

  /** Gate names as they appear in reports. */
  public static final String COMPILES = "compiles";

  public static final String FAILING_TESTS_PASS = "failing-tests-pass";

  /** The other selected tests: every test that executes the changed code (see the heal loop). */
  public static final String RELEVANT_TESTS_PASS = "relevant-tests-pass";

  private final List<Gate> staticGates;
  private final TestBench bench;
  private final Set<TestId> failing;
  private final Function<Candidate, List<TestId>> testOrder;

  /**
   * @param root the workspace the candidate applies to
   * @param scope repository-relative files a candidate may change
   * @param limits size limits
   * @param bench compiles and runs tests
   * @param failing the originally failing tests
   * @param testOrder the tests to run for a candidate, failing tests first: the relevant ones
   */
  public CandidateValidator(
      Path root,
      Set<String> scope,
      SizeLimits limits,
      TestBench bench,
      Set<TestId> failing,
      Function<Candidate, List<TestId>> testOrder) {
    this.staticGates =
        List.of(
            new AppliesGate(root),
            new ParsesGate(),
            new ScopeGate(scope),
            new SizeGate(limits.maxChangedLines(), limits.maxFiles()),
            new SafetyGate());
    this.bench = bench;
    this.failing = Set.copyOf(failing);
    this.testOrder = testOrder;
  }

  /** Static gates only (no compilation, no tests): true when the candidate is worth testing. */
  public Verdict screen(Candidate candidate) {
    List<GateVerdict> verdicts = new ArrayList<>();
    for (Gate gate : staticGates) {
      long start = System.nanoTime();
      GateVerdict verdict;
      try {
        verdict = gate.check(candidate);
      } catch (RuntimeException e) {
        verdict = GateVerdict.reject(gate.name(), "gate failed on this candidate: " + e);
      }
      verdicts.add(verdict.withMillis((System.nanoTime() - start) / 1_000_000));
      if (!verdict.passed()) {
        break;
      }
    }
    return new Verdict(candidate, verdicts, false, 0);
  }

  /** All gates. */
  public Verdict validate(Candidate candidate) {
    Verdict screened = screen(candidate);
    if (!screened.plausible()) {
      return screened;
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (FileChange change : candidate.changes()) {
      sources.put(change.file(), change.after());
    }
    CandidateRun run = bench.run(sources, testOrder.apply(candidate));
    List<GateVerdict> verdicts = new ArrayList<>(screened.gates());
    if (!run.compiled()) {
      verdicts.add(
          GateVerdict.reject(COMPILES, firstLines(run.compilerOutput(), 5))
              .withMillis(run.compileMillis()));
      return new Verdict(candidate, verdicts, false, 0);
    }
    verdicts.add(GateVerdict.pass(COMPILES, "").withMillis(run.compileMillis()));
    verdicts.addAll(testVerdicts(run));
    int fixed = 0;
    for (TestOutcome outcome : run.outcomes()) {
      if (failing.contains(outcome.id()) && outcome.status() == TestStatus.PASSED) {
        fixed++;
      }
    }
    return new Verdict(candidate, verdicts, true, fixed);
  }

  private List<GateVerdict> testVerdicts(CandidateRun run) {
    Map<TestId, TestOutcome> byId = new LinkedHashMap<>();
    for (TestOutcome outcome : run.outcomes()) {
      byId.put(outcome.id(), outcome);
    }
    List<GateVerdict> verdicts = new ArrayList<>();
    for (TestId id : failing) {
      TestOutcome outcome = byId.get(id);
      if (outcome == null || outcome.status() != TestStatus.PASSED) {
        verdicts.add(
            GateVerdict.reject(FAILING_TESTS_PASS, describe(id, outcome, run))
                .withMillis(run.testMillis()));
        return verdicts;
      }
    }
    verdicts.add(
        GateVerdict.pass(FAILING_TESTS_PASS, failing.size() + " previously failing test(s) pass"));
    for (TestOutcome outcome : run.outcomes()) {
      if (outcome.failed()) {
        verdicts.add(
            GateVerdict.reject(
                    RELEVANT_TESTS_PASS, "breaks " + describe(outcome.id(), outcome, run))
                .withMillis(run.testMillis()));
        return verdicts;
      }
    }
    if (run.timedOut() || run.workerDied()) {
      verdicts.add(
          GateVerdict.reject(
                  RELEVANT_TESTS_PASS, run.timedOut() ? "test run timed out" : "test worker died")
              .withMillis(run.testMillis()));
      return verdicts;
    }
    long passed = run.outcomes().stream().filter(o -> o.status() == TestStatus.PASSED).count();
    verdicts.add(
        GateVerdict.pass(RELEVANT_TESTS_PASS, passed + " test(s) pass")
            .withMillis(run.testMillis()));
    return verdicts;
  }

  private static String describe(TestId id, TestOutcome outcome, CandidateRun run) {
    if (outcome == null) {
      return id + " did not run" + (run.workerDied() ? " (test worker died)" : "");
    }
    String message = outcome.message().isEmpty() ? "" : ": " + oneLine(outcome.message(), 200);
    String type = outcome.exceptionType().isEmpty() ? "" : " " + outcome.exceptionType();
    return id
        + " "
        + outcome.status().name().toLowerCase(java.util.Locale.ROOT)
        + type
        + message
        + frames(outcome.stackTrace(), TRACE_FRAMES);
  }

  /** Frames of the failure shown in the evidence: enough to see where, the next round's hint. */
  private static final int TRACE_FRAMES = 8;

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

  private static String firstLines(String text, int n) {
    String[] lines = text.strip().split("\\R");
    return String.join("\n", java.util.Arrays.asList(lines).subList(0, Math.min(n, lines.length)));
  }
}
