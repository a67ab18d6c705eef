package dev.kintsugi.heal.validate;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.RunGate;
import dev.kintsugi.core.validate.Trial;

/**
 * No other selected test breaks (the tests that execute the changed code: see the heal loop's test
 * selection), and the run neither timed out nor lost its worker.
 */
final class RelevantTestsPassGate implements RunGate {

  @Override
  public String name() {
    return CandidateValidator.RELEVANT_TESTS_PASS;
  }

  @Override
  public GateVerdict check(Candidate candidate, Trial trial) {
    for (TestOutcome outcome : trial.outcomes()) {
      if (outcome.failed()) {
        return GateVerdict.reject(
                name(), "breaks " + TestEvidence.describe(outcome.id(), outcome, trial))
            .withMillis(trial.testMillis());
      }
    }
    if (trial.timedOut() || trial.workerDied()) {
      return GateVerdict.reject(
              name(), trial.timedOut() ? "test run timed out" : "test worker died")
          .withMillis(trial.testMillis());
    }
    long passed = trial.outcomes().stream().filter(o -> o.status() == TestStatus.PASSED).count();
    return GateVerdict.pass(name(), passed + " test(s) pass").withMillis(trial.testMillis());
  }
}
