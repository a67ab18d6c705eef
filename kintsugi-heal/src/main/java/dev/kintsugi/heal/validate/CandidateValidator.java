package dev.kintsugi.heal.validate;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.RunGate;
import dev.kintsugi.core.validate.Trial;
import dev.kintsugi.core.validate.Verdict;
import dev.kintsugi.sandbox.testrun.CandidateRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a {@link GateChain} on a candidate and stops at the first rejection: the static gates on the
 * patch, then one compile-and-test trial that every run gate judges (compiles → previously failing
 * tests pass → the other relevant tests pass, those the test selection picks). Every verdict keeps
 * its evidence and timing.
 */
public final class CandidateValidator {

  /** Gate names as they appear in reports. */
  public static final String COMPILES = "compiles";

  public static final String FAILING_TESTS_PASS = "failing-tests-pass";

  /** The other selected tests: every test that executes the changed code (see the heal loop). */
  public static final String RELEVANT_TESTS_PASS = "relevant-tests-pass";

  private final List<Gate> staticGates;
  private final List<RunGate> runGates;
  private final TestBench bench;
  private final Set<TestId> failing;
  private final Function<Candidate, List<TestId>> testOrder;

  /**
   * @param gates the gates to run, in order
   * @param bench compiles and runs tests
   * @param testOrder the tests to run for a candidate, failing tests first: the relevant ones
   */
  public CandidateValidator(
      GateChain gates, TestBench bench, Function<Candidate, List<TestId>> testOrder) {
    this.staticGates = gates.staticGates();
    this.runGates = gates.runGates();
    this.bench = bench;
    this.failing = gates.failing();
    this.testOrder = testOrder;
  }

  /**
   * Static gates only (no compilation, no tests): plausible when the candidate is worth testing.
   */
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
    Trial trial =
        new Trial(
            run.compiled(),
            run.compilerOutput(),
            run.outcomes(),
            run.timedOut(),
            run.workerDied(),
            run.compileMillis(),
            run.testMillis());
    List<GateVerdict> verdicts = new ArrayList<>(screened.gates());
    for (RunGate gate : runGates) {
      GateVerdict verdict = gate.check(candidate, trial);
      verdicts.add(verdict);
      if (!verdict.passed()) {
        break;
      }
    }
    int fixed = 0;
    for (TestOutcome outcome : trial.outcomes()) {
      if (failing.contains(outcome.id()) && outcome.status() == TestStatus.PASSED) {
        fixed++;
      }
    }
    return new Verdict(candidate, verdicts, trial.compiled(), fixed);
  }
}
