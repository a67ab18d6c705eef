package dev.kintsugi.heal.reproduce;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.heal.FileTrees;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.compile.CompileResult;
import dev.kintsugi.sandbox.compile.InProcessCompiler;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import dev.kintsugi.sandbox.testrun.TestExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The first test run of a heal that starts from a prepared release: the build's outcomes are the
 * preparation's, and a reproduction test is compiled in process into the heal's own test classes
 * and run alone in a worker, with its coverage — no Maven run. What the run found (the layout that
 * lists the test, the coverage with it) is read back after {@link ReproductionStage#detect}.
 */
public final class WorkerReproduction implements ReproductionStage.TestCommand {

  private final ProjectLayout base;
  private final TestRunResult build;
  private final CoverageRun baseline;
  private final TestExecutor executor;
  private final Supplier<Duration> remaining;
  private ProjectLayout layout;
  private CoverageRun coverage;
  private List<Path> compiled = List.of();

  /**
   * @param layout the heal's layout (its own copy of the prepared build output)
   * @param build the preparation's build outcomes
   * @param baseline the preparation's coverage run
   */
  public WorkerReproduction(
      ProjectLayout layout,
      TestRunResult build,
      CoverageRun baseline,
      TestExecutor executor,
      Supplier<Duration> remaining) {
    this.base = layout;
    this.build = build;
    this.baseline = baseline;
    this.executor = executor;
    this.remaining = remaining;
    this.layout = layout;
    this.coverage = baseline;
  }

  @Override
  public TestRunResult run(Optional<Reproducer.ReproductionTest> added) {
    removeCompiled();
    layout = base;
    coverage = baseline;
    if (added.isEmpty()) {
      return build;
    }
    Reproducer.ReproductionTest test = added.get();
    compile(test);
    layout = withTestClass(base, test.id().className());
    executor.warmUp(layout); // the candidates' workers start while the test runs
    CoverageRun run;
    try {
      run = executor.runWithCoverage(layout, List.of(test.id()), remaining.get());
    } catch (IllegalStateException e) {
      throw new BuildFailedException("it cannot run in the worker: " + e.getMessage());
    }
    coverage = merge(baseline, run);
    List<TestOutcome> outcomes = new ArrayList<>(build.outcomes());
    outcomes.addAll(run.outcomes());
    boolean failed = run.outcomes().stream().anyMatch(TestOutcome::failed);
    return new TestRunResult(
        outcomes, failed ? 1 : build.exitCode(), build.timedOut(), build.outputTail());
  }

  /** The layout the heal goes on with: the reproduction test's class listed when it was kept. */
  public ProjectLayout layout() {
    return layout;
  }

  /** The preparation's coverage run, with the reproduction test's when it was kept. */
  public CoverageRun coverage() {
    return coverage;
  }

  private void compile(Reproducer.ReproductionTest test) {
    Path root = base.root();
    Path out;
    try {
      out = Files.createTempDirectory(base.testClasses().getParent(), "repro-classes-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (InProcessCompiler compiler = new InProcessCompiler(base.javaRelease())) {
      List<Path> classpath = new ArrayList<>();
      classpath.add(base.testClasses());
      classpath.addAll(base.allMainClasses());
      classpath.addAll(base.classpath());
      String source = Files.readString(root.resolve(test.file()), StandardCharsets.UTF_8);
      CompileResult result = compiler.compile(root, Map.of(test.file(), source), classpath, out);
      if (!result.success()) {
        throw BuildFailedException.doesNotCompile(result.diagnostics());
      }
      // Into the heal's own test classes, where the worker and later candidates find it.
      List<Path> written = new ArrayList<>();
      try (Stream<Path> files = Files.walk(out)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Path to = base.testClasses().resolve(out.relativize(file).toString());
          Files.createDirectories(to.getParent());
          Files.copy(file, to);
          written.add(to);
        }
      }
      compiled = written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compile " + test.file(), e);
    } finally {
      try {
        FileTrees.delete(out);
      } catch (IOException e) {
        // a leftover in the heal's scratch directory, deleted with it
      }
    }
  }

  private void removeCompiled() {
    for (Path file : compiled) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    compiled = List.of();
  }

  /** The build lists the test classes it ran; the new one joins them. */
  private static ProjectLayout withTestClass(ProjectLayout layout, String className) {
    var settings = layout.testSettings();
    if (settings.testClasses().isEmpty() && settings.testMethods().isEmpty()) {
      return layout; // no list: the build's naming rule decides, as for the others
    }
    List<String> classes = new ArrayList<>(settings.testClasses());
    classes.add(className);
    return new ProjectLayout(
        layout.root(),
        layout.mainSourceRoots(),
        layout.testSourceRoots(),
        layout.mainClasses(),
        layout.testClasses(),
        layout.classpath(),
        layout.framework(),
        layout.platformLauncherJar(),
        layout.javaRelease(),
        settings.withTests(classes, settings.testMethods()),
        layout.baseDir(),
        layout.upstreamClasses());
  }

  private static CoverageRun merge(CoverageRun baseline, CoverageRun added) {
    List<TestOutcome> outcomes = new ArrayList<>(baseline.outcomes());
    outcomes.addAll(added.outcomes());
    Map<TestId, Map<String, java.util.Set<Integer>>> lines =
        new HashMap<>(baseline.coverage().linesByTest());
    lines.putAll(added.coverage().linesByTest());
    return new CoverageRun(
        outcomes, new Coverage(lines), baseline.unbuiltContexts(), baseline.startupLines());
  }
}
