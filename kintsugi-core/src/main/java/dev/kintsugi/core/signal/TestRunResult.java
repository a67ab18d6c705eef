package dev.kintsugi.core.signal;

import java.util.List;

/**
 * The outcome of running a project's tests once.
 *
 * @param outcomes one entry per executed test, in execution order when known
 * @param exitCode exit code of the test command (-1 when it was killed)
 * @param timedOut whether the run hit its time limit and was killed
 * @param outputTail the last lines of the command's output, for error messages
 */
public record TestRunResult(
    List<TestOutcome> outcomes, int exitCode, boolean timedOut, String outputTail) {

  public TestRunResult {
    outcomes = List.copyOf(outcomes);
    outputTail = outputTail == null ? "" : outputTail;
  }

  public List<TestOutcome> failing() {
    return outcomes.stream().filter(TestOutcome::failed).toList();
  }

  public List<TestOutcome> passing() {
    return outcomes.stream().filter(o -> o.status() == TestStatus.PASSED).toList();
  }

  /** True when every test passed (or was skipped) and the command exited successfully. */
  public boolean green() {
    return !timedOut && exitCode == 0 && failing().isEmpty();
  }
}
