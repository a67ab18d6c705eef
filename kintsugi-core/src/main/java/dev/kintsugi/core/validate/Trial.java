package dev.kintsugi.core.validate;

import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;

/**
 * A candidate compiled and run against the selected tests.
 *
 * @param compiled whether its changed sources compiled; if not, no test ran
 * @param compilerOutput compiler errors as {@code path/File.java:LINE: message} lines
 * @param outcomes one per test run, in run order (fewer than selected after a fail-fast stop)
 * @param timedOut whether some test overran its time limit
 * @param workerDied whether a test JVM ended during a test
 * @param compileMillis time spent compiling
 * @param testMillis time spent running tests
 */
public record Trial(
    boolean compiled,
    String compilerOutput,
    List<TestOutcome> outcomes,
    boolean timedOut,
    boolean workerDied,
    long compileMillis,
    long testMillis) {

  public Trial {
    compilerOutput = compilerOutput == null ? "" : compilerOutput;
    outcomes = List.copyOf(outcomes);
  }
}
