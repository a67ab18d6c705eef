package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;
import java.util.Objects;

/**
 * All of a project's tests run once with per-test line coverage. Stability: public API of the
 * sandbox.
 *
 * @param outcomes one per test, in run order
 * @param coverage the main-code lines each test executed (tests that overran have none)
 */
public record CoverageRun(List<TestOutcome> outcomes, Coverage coverage) {

  public CoverageRun {
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(coverage, "coverage");
  }
}
