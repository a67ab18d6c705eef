package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;

/**
 * The result of validating one candidate patch: compiling its changed sources and running the
 * selected tests against them. Stability: public API of the sandbox.
 *
 * @param compiled whether the changed sources compiled; if not, no test ran
 * @param compilerOutput compiler errors as {@code path/File.java:LINE: message} lines
 * @param outcomes one per test run, in run order (fewer than requested after a fail-fast stop)
 * @param timedOut whether some test overran its time limit
 * @param workerDied whether a test JVM ended during a test (it called {@code System.exit}, ran out
 *     of memory or overflowed its stack); that test is reported as ERROR
 * @param compileMillis time spent compiling
 * @param testMillis time spent running tests, including waiting for a worker JVM when none was
 *     ready
 * @param workerPids the process ids of the worker JVMs that ran the tests, in order (more than one
 *     when a worker had to be replaced mid-run; empty when no test ran)
 * @param warm whether the tests ran in a warm session (the candidate's method bodies swapped into
 *     classes loaded once, Spring contexts kept), rather than in a fresh class loader
 * @param warmNote for a candidate that could have run warm but did not, why (the worker refused it,
 *     e.g. the change alters a class's shape); for a warm one, that the worker first renewed its
 *     warm session and why (e.g. the tests closed a cached context); empty otherwise
 */
public record CandidateRun(
    boolean compiled,
    String compilerOutput,
    List<TestOutcome> outcomes,
    boolean timedOut,
    boolean workerDied,
    long compileMillis,
    long testMillis,
    List<Long> workerPids,
    boolean warm,
    String warmNote) {

  public CandidateRun {
    compilerOutput = compilerOutput == null ? "" : compilerOutput;
    warmNote = warmNote == null ? "" : warmNote;
    outcomes = List.copyOf(outcomes);
    workerPids = List.copyOf(workerPids);
  }

  /** A run in fresh class loaders without worker process ids, e.g. built by a test double. */
  public CandidateRun(
      boolean compiled,
      String compilerOutput,
      List<TestOutcome> outcomes,
      boolean timedOut,
      boolean workerDied,
      long compileMillis,
      long testMillis) {
    this(
        compiled,
        compilerOutput,
        outcomes,
        timedOut,
        workerDied,
        compileMillis,
        testMillis,
        List.of(),
        false,
        "");
  }

  /** True when the candidate compiled and every test run passed or was skipped. */
  public boolean allPassed() {
    return compiled && !timedOut && outcomes.stream().noneMatch(TestOutcome::failed);
  }
}
