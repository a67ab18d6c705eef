package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.TestSettings;
import dev.kintsugi.sandbox.compile.CompileResult;
import dev.kintsugi.sandbox.compile.InProcessCompiler;
import dev.kintsugi.sandbox.compile.LombokJar;
import dev.kintsugi.sandbox.compile.ParameterNames;
import dev.kintsugi.sandbox.confine.Sandbox;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
 */
public final class TestExecutor implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(60);

  /** A warm worker builds the project's Spring test contexts before it is ready. */
  private static final Duration WARM_STARTUP = Duration.ofMinutes(5);

  /**
   * System property that turns warm sessions off ({@code -Dkintsugi.warm-contexts=false}), e.g. to
   * measure them against fresh class loaders.
   */
  public static final String WARM_CONTEXTS_PROPERTY = "kintsugi.warm-contexts";

  private static final java.util.regex.Pattern SPRING_TEST_JAR =
      java.util.regex.Pattern.compile("spring-test-\\d[^/]*\\.jar");

  private static final Duration JAVAC_WARM_UP = Duration.ofSeconds(5);
  private static final int JAVAC_WARM_UP_COMPILES = 60;

  private final Path tempParent;
  private final int workers;
  private final Sandbox sandbox;
  private final Map<ProjectLayout, WorkerPool> pools = new HashMap<>();
  private final Map<List<Object>, InProcessCompiler> compilers = new HashMap<>();
  private final Map<ProjectLayout, Boolean> keepsParameterNames = new HashMap<>();

  /**
   * Per project, the main-code lines that ran while its Spring test contexts were built (known
   * after the coverage run): a candidate changing one of them runs in a fresh class loader.
   */
  private final Map<ProjectLayout, Map<String, Set<Integer>>> startupLines =
      new ConcurrentHashMap<>();

  private final AtomicLong candidates = new AtomicLong();
  private final AtomicLong candidatesStarted = new AtomicLong();
  private Scratch scratch;
  private Path workerJar;
  private int workerFiles;
  private boolean closed;

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
    this.tempParent = tempParent;
    this.workers = workers;
    this.sandbox = sandbox;
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
    pool(layout).warmUp(workers);
    InProcessCompiler javac = compiler(layout);
    Path classes = scratch().newDirectory("warm-up-" + candidates.incrementAndGet());
    Thread thread =
        new Thread(
            () -> {
              try {
                Optional<Map<String, String>> source = firstMainSource(layout);
                long deadline = System.nanoTime() + JAVAC_WARM_UP.toNanos();
                // The compiler gets fast only once the JIT has compiled it: keep it busy until the
                // first candidate arrives (the coverage run and repair usually take this long).
                for (int n = 0;
                    source.isPresent()
                        && n < JAVAC_WARM_UP_COMPILES
                        && candidatesStarted.get() == 0
                        && System.nanoTime() < deadline;
                    n++) {
                  javac.compile(
                      layout.root(),
                      source.get(),
                      compileClasspath(layout, source.get()),
                      classes.resolve(Integer.toString(n)));
                }
              } catch (RuntimeException e) {
                // Only a head start is lost.
              } finally {
                Scratch.delete(classes);
              }
            },
            "kintsugi-javac-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  /** One main source file with its content, to compile for nothing but a warm compiler. */
  private static Optional<Map<String, String>> firstMainSource(ProjectLayout layout) {
    for (Path root : layout.mainSourceRoots()) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        Optional<Path> file =
            files.filter(f -> f.getFileName().toString().endsWith(".java")).findFirst();
        if (file.isPresent()) {
          String relative =
              layout.root().relativize(file.get()).toString().replace(File.separatorChar, '/');
          return Optional.of(Map.of(relative, Files.readString(file.get())));
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
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
    requireOpen();
    Deadline deadline = Deadline.in(timeout);
    try (Scratch scratch = Scratch.create(tempParent)) {
      Path jar = BundledJars.extract(BundledJars.WORKER, scratch.dir());
      Optional<String> agent = jacocoAgent(layout, scratch.dir());
      AtomicInteger started = new AtomicInteger();
      WorkerSource fresh =
          WorkerSource.fresh(
              () ->
                  startWorker(
                      layout,
                      jar,
                      agent,
                      false,
                      false,
                      scratch.dir(),
                      "worker-" + started.incrementAndGet()));
      try (TestBatch batch = new TestBatch(fresh, Optional.empty())) {
        Optional<Path> execDir = agent.map(a -> scratch.newDirectory("coverage"));
        Optional<TestBatch.Primed> primed = Optional.empty();
        if (warmContexts(layout)) {
          // The contexts are built before any test, as a warm worker builds them: the lines that
          // ran meanwhile are the startup code a warm session cannot swap.
          primed = Optional.of(batch.prime(execDir.map(dir -> dir.resolve("prime")), deadline));
        }
        List<TestId> tests = batch.discover(deadline);
        TestBatch.Result result = batch.run(tests, timeout, false, execDir, deadline);
        Map<String, Set<Integer>> startup =
            primed
                .flatMap(TestBatch.Primed::execFile)
                .map(exec -> new CoverageMapper(layout).linesByFile(exec))
                .orElse(Map.of());
        List<String> unbuilt = primed.map(TestBatch.Primed::failed).orElse(List.of());
        // A context that failed to build stopped in the code that broke it, so the startup lines
        // are incomplete: without them no candidate is warm-eligible.
        if (primed.isPresent() && agent.isPresent() && unbuilt.isEmpty()) {
          startupLines.put(layout, startup);
        } else {
          startupLines.remove(layout);
        }
        return new CoverageRun(
            result.outcomes(),
            coverage(
                layout,
                result,
                startup,
                primed.map(TestBatch.Primed::testClasses).map(Set::copyOf).orElse(Set.of())),
            unbuilt);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while running the tests of " + layout.root());
    }
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
    WorkerPool pool = pool(layout);
    candidatesStarted.incrementAndGet();
    Path classes = scratch().newDirectory("candidate-" + candidates.incrementAndGet());
    try {
      long compileStart = System.nanoTime();
      CompileResult compiled =
          compiler(layout)
              .compile(
                  layout.root(), changedSources, compileClasspath(layout, changedSources), classes);
      long compileMillis = (System.nanoTime() - compileStart) / 1_000_000;
      if (!compiled.success()) {
        return new CandidateRun(
            false, compiled.diagnostics(), List.of(), false, false, compileMillis, 0);
      }
      long testStart = System.nanoTime();
      Optional<Path> candidateClasses =
          changedSources.isEmpty() ? Optional.empty() : Optional.of(classes);
      try (TestBatch batch =
          new TestBatch(pool, candidateClasses, warmEligible(layout, changedSources))) {
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

  /** Kills the warm workers and deletes the temporary files. Later runs fail. Idempotent. */
  @Override
  public void close() {
    List<WorkerPool> open;
    List<InProcessCompiler> javacs;
    Scratch dir;
    synchronized (this) {
      closed = true;
      open = List.copyOf(pools.values());
      pools.clear();
      javacs = List.copyOf(compilers.values());
      compilers.clear();
      dir = scratch;
      scratch = null;
    }
    open.forEach(WorkerPool::close);
    javacs.forEach(InProcessCompiler::close);
    if (dir != null) {
      dir.close();
    }
  }

  private synchronized WorkerPool pool(ProjectLayout layout) {
    requireOpen();
    return pools.computeIfAbsent(
        layout,
        key ->
            new WorkerPool(
                () -> {
                  Path jar;
                  Path dir;
                  String name;
                  synchronized (this) {
                    requireOpen();
                    jar = workerJar();
                    dir = scratch().dir();
                    name = "worker-" + ++workerFiles;
                  }
                  return startWorker(
                      key, jar, Optional.empty(), true, warmContexts(key), dir, name);
                },
                workers));
  }

  private WorkerProcess startWorker(
      ProjectLayout layout,
      Path jar,
      Optional<String> agent,
      boolean warmUp,
      boolean warmContexts,
      Path dir,
      String name)
      throws InterruptedException {
    // The build's working directory and environment variables, as Surefire's fork gets them.
    TestSettings settings = layout.testSettings();
    Path workDir = settings.workingDirectory().orElse(layout.baseDir());
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the tests' working directory " + workDir, e);
    }
    WorkerProcess worker =
        WorkerProcess.start(
            sandbox,
            WorkerCommand.build(layout, jar, agent, warmUp, warmContexts, dir, name),
            workDir,
            settings.environment());
    worker.awaitReady(warmContexts ? WARM_STARTUP : STARTUP);
    return worker;
  }

  /** The compiler for the project's release, keeping parameter names when its build does. */
  private synchronized InProcessCompiler compiler(ProjectLayout layout) {
    requireOpen();
    int release = layout.javaRelease();
    boolean parameters =
        keepsParameterNames.computeIfAbsent(
            layout, key -> ParameterNames.kept(key.allMainClasses()));
    Optional<Path> lombok = LombokJar.in(layout.classpath());
    return compilers.computeIfAbsent(
        List.of(release, parameters, lombok),
        key -> new InProcessCompiler(release, parameters, lombok));
  }

  private synchronized Scratch scratch() {
    requireOpen();
    if (scratch == null) {
      scratch = Scratch.create(tempParent);
    }
    return scratch;
  }

  private synchronized Path workerJar() {
    if (workerJar == null || !Files.isRegularFile(workerJar)) {
      workerJar = BundledJars.extract(BundledJars.WORKER, scratch().dir());
    }
    return workerJar;
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the test executor is closed");
    }
  }

  /** Main classes and dependencies; test classes too when a test source changed. */
  private static List<Path> compileClasspath(ProjectLayout layout, Map<String, String> sources) {
    List<Path> classpath = new ArrayList<>();
    classpath.add(layout.mainClasses());
    boolean testSourceChanged =
        sources.keySet().stream()
            .map(path -> layout.root().resolve(path).normalize())
            .anyMatch(file -> layout.testSourceRoots().stream().anyMatch(file::startsWith));
    if (testSourceChanged) {
      classpath.add(layout.testClasses());
    }
    classpath.addAll(layout.classpath());
    return classpath;
  }

  /**
   * The JaCoCo agent option instrumenting only the project's main packages (in a reactor, those of
   * the tested module and its upstream siblings); empty when there are no main classes.
   */
  private static Optional<String> jacocoAgent(ProjectLayout layout, Path dir) {
    Set<String> includes = new TreeSet<>();
    for (Path classes : layout.allMainClasses()) {
      if (!Files.isDirectory(classes)) {
        continue; // an upstream module without main classes
      }
      try (Stream<Path> files = Files.walk(classes)) {
        files
            .filter(file -> file.getFileName().toString().endsWith(".class"))
            .map(classes::relativize)
            .forEach(
                file ->
                    includes.add(
                        file.getParent() == null
                            ? file.getFileName().toString().replace(".class", "")
                            : file.getParent()
                                    .toString()
                                    .replace(file.getFileSystem().getSeparator(), ".")
                                + ".*"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + classes, e);
      }
    }
    if (includes.isEmpty()) {
      return Optional.empty();
    }
    Path agent = BundledJars.extract(BundledJars.JACOCO_AGENT, dir);
    return Optional.of(
        agent + "=output=none,dumponexit=false,includes=" + String.join(":", includes));
  }

  /**
   * Per test, the lines it ran; a test of a class whose Spring context was built before the run
   * also gets the lines that building ran, as the first test of that context would have.
   */
  private static Coverage coverage(
      ProjectLayout layout,
      TestBatch.Result result,
      Map<String, Set<Integer>> startup,
      Set<String> primedClasses) {
    CoverageMapper mapper = new CoverageMapper(layout);
    Map<TestId, Map<String, Set<Integer>>> linesByTest = new HashMap<>();
    for (TestOutcome outcome : result.outcomes()) {
      Path exec = result.execFiles().get(outcome.id());
      if (exec != null) {
        Map<String, Set<Integer>> lines = new HashMap<>();
        mapper.linesByFile(exec).forEach((file, ran) -> lines.put(file, new TreeSet<>(ran)));
        if (primedClasses.contains(outcome.id().className())) {
          startup.forEach(
              (file, ran) -> lines.computeIfAbsent(file, f -> new TreeSet<>()).addAll(ran));
        }
        linesByTest.put(
            outcome.id(),
            lines.entrySet().stream()
                .collect(
                    Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, entry -> Set.copyOf(entry.getValue()))));
      }
    }
    return new Coverage(linesByTest);
  }

  /**
   * Whether the project's workers keep a warm session: its tests use Spring's test contexts (built
   * once per worker instead of once per candidate), and warm sessions are not turned off.
   */
  static boolean warmContexts(ProjectLayout layout) {
    if ("false".equals(System.getProperty(WARM_CONTEXTS_PROPERTY))) {
      return false;
    }
    return layout.classpath().stream()
        .map(Path::getFileName)
        .filter(java.util.Objects::nonNull)
        .anyMatch(name -> SPRING_TEST_JAR.matcher(name.toString()).matches());
  }

  /**
   * Whether a candidate may run in a warm session: the project has one, its startup code is known,
   * only main sources changed, and no changed line (nor the line before or after it, for an
   * insertion) ran while the contexts were built — such a change would need the contexts rebuilt.
   * The worker still refuses a change of a class's shape.
   */
  private boolean warmEligible(ProjectLayout layout, Map<String, String> changedSources) {
    Map<String, Set<Integer>> startup = startupLines.get(layout);
    if (startup == null || changedSources.isEmpty() || !warmContexts(layout)) {
      return false;
    }
    for (Map.Entry<String, String> source : changedSources.entrySet()) {
      Path file = layout.root().resolve(source.getKey()).normalize();
      if (layout.testSourceRoots().stream().anyMatch(file::startsWith)) {
        return false;
      }
      String original;
      try {
        original = Files.readString(file);
      } catch (IOException e) {
        return false; // a new file
      }
      Set<Integer> ran = startup.getOrDefault(source.getKey(), Set.of());
      int[] changed = ChangedRange.of(original, source.getValue());
      for (int line = changed[0] - 1; line <= changed[1] + 1; line++) {
        if (ran.contains(line)) {
          return false;
        }
      }
    }
    return true;
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
