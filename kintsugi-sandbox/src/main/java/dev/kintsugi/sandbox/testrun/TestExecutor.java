package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.confine.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Runs a project's tests fast, against already compiled classes: all tests once with per-test
 * coverage (in a child JVM of its own), or the selected tests against candidate patches compiled in
 * process.
 *
 * <p>Candidates run in warm worker JVMs, at most {@link #workers()} at once: a worker stays alive
 * across candidates and loads each candidate's classes, the project's test and main classes and its
 * libraries in a fresh class loader, sharing only the test framework, so no static state crosses
 * from one candidate to the next. A worker whose test overran its time limit, that died ({@code
 * System.exit}, out of memory) or that a candidate left unfit (a thread still running) is never
 * reused: it is killed and replaced in the background.
 *
 * <p>Safe to use from several threads: {@link #runCandidate} calls run in parallel, each on its own
 * worker. {@link #close()} kills the workers and deletes the temporary files; until then they live
 * under the temp parent directory. Stability: public API of the sandbox.
 *
 * <p>The work is done by {@link CoverageRunner} (the coverage run), {@link CandidateRunner}
 * (candidate runs), {@link WorkerPools} (the warm workers and the temporary files), {@link
 * Compilers} and {@link WarmEligibility}; this class checks arguments and owns their lifecycle.
 */
public final class TestExecutor implements AutoCloseable {

  /**
   * System property that turns warm sessions off ({@code -Dkintsugi.warm-contexts=false}), e.g. to
   * measure them against fresh class loaders.
   */
  public static final String WARM_CONTEXTS_PROPERTY = "kintsugi.warm-contexts";

  private final int workers;
  private final WorkerPools pools;
  private final Compilers compilers = new Compilers();
  private final CoverageRunner coverage;
  private final CandidateRunner candidates;
  private final WarmEligibility warm;

  /** Keeps temporary files under the system's temporary directory. */
  public TestExecutor() {
    this(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Keeps temporary files under {@code tempParent} (created if missing); runs candidates on up to
   * {@link #defaultWorkers()} workers.
   */
  public TestExecutor(Path tempParent) {
    this(tempParent, defaultWorkers());
  }

  /**
   * Keeps temporary files under {@code tempParent} (created if missing); runs candidates on up to
   * {@code workers} warm worker JVMs per project.
   *
   * @throws IllegalArgumentException when {@code workers} is less than 1
   */
  public TestExecutor(Path tempParent, int workers) {
    this(tempParent, workers, Sandbox.unconfined());
  }

  /**
   * Like {@link #TestExecutor(Path, int)}, with every test JVM confined by {@code sandbox}, which
   * must let it write {@code tempParent} and the project's directory.
   */
  public TestExecutor(Path tempParent, int workers, Sandbox sandbox) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    this.workers = workers;
    WorkerLauncher launcher = new WorkerLauncher(sandbox);
    this.warm = new WarmEligibility();
    this.pools = new WorkerPools(tempParent, workers, launcher);
    this.coverage = new CoverageRunner(tempParent, launcher, warm);
    this.candidates = new CandidateRunner(pools, compilers, warm);
  }

  /** One worker per core but one (left for compiling and the caller), at least one. */
  public static int defaultWorkers() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /** The most worker JVMs that run candidates of one project at the same time. */
  public int workers() {
    return workers;
  }

  /**
   * Starts the project's workers and warms the in-process compiler in the background, so that the
   * first candidate does not wait for a JVM to start or the compiler to load; returns at once. Call
   * it as soon as the layout is known (e.g. before the coverage run). Optional: {@link
   * #runCandidate} starts workers when needed.
   */
  public void warmUp(ProjectLayout layout) {
    requireCompiled(layout);
    candidates.warmUp(layout);
  }

  /**
   * Discovers and runs all tests of the project once, recording which main-code lines each test
   * executed. Runs in a JVM of its own (with the JaCoCo agent), ended when the call returns.
   *
   * @param timeout for the whole run; tests not finished by then are reported as TIMEOUT or not at
   *     all
   * @throws IllegalStateException when the test worker cannot start or discover the tests
   * @throws CancellationException when the calling thread is interrupted
   */
  public CoverageRun runAllWithCoverage(ProjectLayout layout, Duration timeout) {
    requireCompiled(layout);
    pools.requireOpen();
    return coverage.run(layout, timeout);
  }

  /**
   * Runs only {@code tests}, in this order, each with its coverage, in a JVM of its own (as {@link
   * #runAllWithCoverage}, without discovering the others): e.g. a test added to a build whose other
   * tests' coverage is already known.
   *
   * @throws IllegalStateException when the test worker cannot start
   * @throws CancellationException when the calling thread is interrupted
   */
  public CoverageRun runWithCoverage(ProjectLayout layout, List<TestId> tests, Duration timeout) {
    requireCompiled(layout);
    pools.requireOpen();
    return coverage.run(layout, Optional.of(List.copyOf(tests)), timeout);
  }

  /**
   * Takes over what an earlier {@link #runAllWithCoverage} of the same build learned (in another
   * executor, possibly another process, on a copy of the project laid out as {@code layout}): which
   * lines building the Spring contexts ran, so candidates may run warm as they would after that
   * run. Without it, candidates of a warm-context project run in fresh class loaders.
   */
  public void adopt(ProjectLayout layout, CoverageRun earlier) {
    earlier
        .startupLines()
        .filter(lines -> earlier.unbuiltContexts().isEmpty())
        .ifPresentOrElse(
            lines -> warm.startupKnown(layout, lines), () -> warm.startupUnknown(layout));
  }

  /**
   * Compiles a candidate's changed sources and runs the given tests against them in a warm worker,
   * the patched classes shadowing the originals. A test that hangs is reported as TIMEOUT, one that
   * ends the JVM as ERROR; neither stops the remaining tests unless {@code failFast}. Safe to call
   * from several threads at once.
   *
   * @param changedSources new content by repository-relative path, e.g. {@code
   *     src/main/java/com/acme/Foo.java}
   * @param testsInOrder the tests to run, in this order
   * @param failFast stop after the first failing test
   * @throws IllegalArgumentException for a bad source path or a non-positive time limit
   * @throws IllegalStateException when a worker JVM cannot start, or this executor is closed
   * @throws CancellationException when the calling thread is interrupted
   */
  public CandidateRun runCandidate(
      ProjectLayout layout,
      Map<String, String> changedSources,
      List<TestId> testsInOrder,
      Duration perTestTimeout,
      boolean failFast) {
    requireCompiled(layout);
    if (perTestTimeout.isNegative() || perTestTimeout.isZero()) {
      throw new IllegalArgumentException("per-test timeout must be positive: " + perTestTimeout);
    }
    return candidates.run(layout, changedSources, testsInOrder, perTestTimeout, failFast);
  }

  /** Kills the warm workers and deletes the temporary files. Later runs fail. Idempotent. */
  @Override
  public void close() {
    pools.close();
    compilers.close();
  }

  private static void requireCompiled(ProjectLayout layout) {
    for (Path dir : List.of(layout.mainClasses(), layout.testClasses())) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(
            "not compiled: " + dir + " is missing (build the project first)");
      }
    }
  }
}
