package dev.kintsugi.heal.validate;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.RunGate;
import dev.kintsugi.core.validate.Trial;
import java.util.Set;

/** Every test that failed before the candidate passes with it. */
final class FailingTestsPassGate implements RunGate {

  private final Set<TestId> failing;

  FailingTestsPassGate(Set<TestId> failing) {
    this.failing = Set.copyOf(failing);
  }

  @Override
  public String name() {
    return CandidateValidator.FAILING_TESTS_PASS;
  }

  /**
   * Names a previously failing test that still fails, with its assertion and frames: the evidence
   * the next round is told. Only when none ran and failed (the run stopped first) a test that did
   * not run.
   */
  @Override
  public GateVerdict check(Candidate candidate, Trial trial) {
    TestId notRun = null;
    for (TestId id : failing) {
      TestOutcome outcome =
          trial.outcomes().stream().filter(o -> o.id().equals(id)).reduce((a, b) -> b).orElse(null);
      if (outcome == null) {
        notRun = notRun == null ? id : notRun;
      } else if (outcome.status() != TestStatus.PASSED) {
        return GateVerdict.reject(name(), TestEvidence.describe(id, outcome, trial))
            .withMillis(trial.testMillis());
      }
    }
    if (notRun != null) {
      return GateVerdict.reject(name(), TestEvidence.describe(notRun, null, trial))
          .withMillis(trial.testMillis());
    }
    return GateVerdict.pass(name(), failing.size() + " previously failing test(s) pass");
  }
}
