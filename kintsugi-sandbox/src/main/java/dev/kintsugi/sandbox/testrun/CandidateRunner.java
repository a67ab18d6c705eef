package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.compile.CompileResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Candidate runs: compiles a candidate's changed sources in process and runs the given tests
 * against them on a worker of the project's pool, in its warm session when {@link WarmEligibility}
 * allows. Safe to use from several threads.
 */
final class CandidateRunner {

  private final WorkerPools pools;
  private final Compilers compilers;
  private final WarmEligibility warm;
  private final AtomicLong candidates = new AtomicLong();
  private final AtomicLong candidatesStarted = new AtomicLong();

  CandidateRunner(WorkerPools pools, Compilers compilers, WarmEligibility warm) {
    this.pools = pools;
    this.compilers = compilers;
    this.warm = warm;
  }

  /** Starts the project's workers and keeps its compiler busy until the first candidate. */
  void warmUp(ProjectLayout layout) {
    pools.warmUp(layout);
    compilers.warmUp(
        layout,
        pools.newDirectory("warm-up-" + candidates.incrementAndGet()),
        () -> candidatesStarted.get() > 0);
  }

  /** See {@link TestExecutor#runCandidate}. */
  CandidateRun run(
      ProjectLayout layout,
      Map<String, String> changedSources,
      List<TestId> testsInOrder,
      Duration perTestTimeout,
      boolean failFast) {
    WorkerPool pool = pools.pool(layout);
    candidatesStarted.incrementAndGet();
    Path classes = pools.newDirectory("candidate-" + candidates.incrementAndGet());
    try {
      long compileStart = System.nanoTime();
      CompileResult compiled = compilers.compile(layout, changedSources, classes);
      long compileMillis = (System.nanoTime() - compileStart) / 1_000_000;
      if (!compiled.success()) {
        return new CandidateRun(
            false, compiled.diagnostics(), List.of(), false, false, compileMillis, 0);
      }
      long testStart = System.nanoTime();
      Optional<Path> candidateClasses =
          changedSources.isEmpty() ? Optional.empty() : Optional.of(classes);
      try (TestBatch batch =
          new TestBatch(pool, candidateClasses, warm.allows(layout, changedSources))) {
        TestBatch.Result result =
            batch.run(testsInOrder, perTestTimeout, failFast, Optional.empty(), Deadline.none());
        return new CandidateRun(
            true,
            compiled.diagnostics(),
            result.outcomes(),
            result.timedOut(),
            result.workerDied(),
            compileMillis,
            (System.nanoTime() - testStart) / 1_000_000,
            result.workerPids(),
            batch.warm(),
            batch.warmNote().orElse(""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while validating a candidate");
    } finally {
      Scratch.delete(classes);
    }
  }
}
