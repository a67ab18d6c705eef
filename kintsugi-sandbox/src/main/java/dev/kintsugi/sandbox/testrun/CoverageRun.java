package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * All of a project's tests run once with per-test line coverage. Stability: public API of the
 * sandbox.
 *
 * @param outcomes one per test, in run order
 * @param coverage the main-code lines each test executed (tests that overran have none)
 * @param unbuiltContexts Spring test classes whose context could not be built before the tests:
 *     then no candidate runs in a warm session (the code that broke startup did not finish, so
 *     which lines startup runs is not known), each builds its contexts in a fresh class loader
 * @param startupLines the lines building the Spring test contexts ran, by file, when they are known
 *     (then a candidate that changes none of them may run in a warm session); kept so that a later
 *     heal of the same build can {@linkplain TestExecutor#adopt adopt} this run
 */
public record CoverageRun(
    List<TestOutcome> outcomes,
    Coverage coverage,
    List<String> unbuiltContexts,
    Optional<Map<String, Set<Integer>>> startupLines) {

  public CoverageRun {
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(coverage, "coverage");
    unbuiltContexts = List.copyOf(unbuiltContexts);
    startupLines = startupLines.map(Map::copyOf);
  }

  public CoverageRun(List<TestOutcome> outcomes, Coverage coverage, List<String> unbuiltContexts) {
    this(outcomes, coverage, unbuiltContexts, Optional.empty());
  }

  public CoverageRun(List<TestOutcome> outcomes, Coverage coverage) {
    this(outcomes, coverage, List.of());
  }
}
