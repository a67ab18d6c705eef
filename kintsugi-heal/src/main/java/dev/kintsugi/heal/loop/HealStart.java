package dev.kintsugi.heal.loop;

import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.heal.FileTrees;
import dev.kintsugi.heal.prepare.PreparationException;
import dev.kintsugi.heal.prepare.PreparedRelease;
import dev.kintsugi.heal.prepare.Rebase;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.reproduce.ReproductionStage;
import dev.kintsugi.heal.reproduce.WorkerReproduction;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.maven.MavenProject;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import dev.kintsugi.sandbox.testrun.TestExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Where a heal's search starts from: the failing tests as the build and the worker see them, the
 * layout, and every test's coverage. Found either the long way ({@link #cold}: the project's own
 * {@code mvn test} with the reproduction test, layout resolution, a coverage run) or from a
 * prepared release of the commit ({@link #prepared}: its build output copied into the heal's
 * workspace, the reproduction test compiled in process and run alone in a worker).
 */
final class HealStart {

  /**
   * @param layout the tested module's layout in the heal's workspace
   * @param built the build's outcomes of the tests the fast path runs
   * @param coverage the worker's outcomes and coverage of those tests
   * @param failing the build's failing tests worth repairing for
   * @param failingInWorker those of them the worker sees failing
   * @param outcome non-null when the heal ends here
   */
  record Start(
      ProjectLayout layout,
      List<TestOutcome> built,
      CoverageRun coverage,
      List<TestOutcome> failing,
      List<TestOutcome> failingInWorker,
      HealOutcome outcome) {
    static Start done(HealOutcome outcome) {
      return new Start(null, List.of(), null, List.of(), List.of(), outcome);
    }
  }

  private final HealRun run;
  private final HealPipeline pipeline;
  private final TestExecutor executor;
  private final Path root;
  private final Progress progress;
  private final Clock clock;
  private final Triage triage;

  HealStart(
      HealRun run,
      HealPipeline pipeline,
      TestExecutor executor,
      Path root,
      Progress progress,
      Clock clock) {
    this.run = run;
    this.pipeline = pipeline;
    this.executor = executor;
    this.root = root;
    this.progress = progress;
    this.clock = clock;
    this.triage = new Triage(run, progress);
  }

  /** The prepared release of the commit, or empty (none asked for, or it cannot be prepared). */
  Optional<PreparedRelease> release(Releases releases, String commit) {
    HealOptions options = run.options;
    long start = clock.millis();
    try {
      PreparedRelease release =
          releases.get(
              options.repo(),
              commit,
              new Releases.Settings(options.sandbox(), options.testCommand(), run.remaining()),
              message -> progress.report("prepare", message));
      run.prepareMs = clock.millis() - start;
      return Optional.of(release);
    } catch (PreparationException e) {
      run.warn("the release could not be prepared (" + e.getMessage() + "); healing the long way");
      return Optional.empty();
    }
  }

  /** The long way: the project's own test run, layout resolution and a coverage run. */
  Start cold(MavenProject maven) throws BadInputException, IOException {
    HealOptions options = run.options;
    progress.report(
        "test",
        "running "
            + options.testCommand().orElse("mvn test")
            + " on "
            + HealLoop.shortSha(run.baseCommit)
            + " in a private copy");
    TestRunResult initial = detect(added -> maven.runTests(options.testCommand(), run.remaining()));
    var failingOrDone = triage.failing(initial);
    if (failingOrDone.outcome() != null) {
      return Start.done(failingOrDone.outcome());
    }
    run.localizeStart = clock.millis();
    ProjectLayout layout = maven.resolveLayout(run.remaining());
    // Start the warm workers now: their JVM start overlaps the coverage run.
    executor.warmUp(layout);
    List<TestOutcome> built = triage.testedModuleOutcomes(root, layout, initial.outcomes());
    CoverageRun coverage = executor.runAllWithCoverage(layout, run.remaining());
    return seen(layout, built, coverage);
  }

  /** From a prepared release: no Maven run; the reproduction test runs alone in a worker. */
  Start prepared(PreparedRelease release) throws BadInputException, IOException {
    FileTrees.copyBuildOutput(release.tree(), root);
    ProjectLayout base = new Rebase(release.tree(), root).layout(release.layout());
    executor.adopt(base, release.coverage());
    progress.report(
        "test",
        "starting from the prepared build of "
            + HealLoop.shortSha(run.baseCommit)
            + " ("
            + release.build().outcomes().size()
            + " test(s), "
            + release.build().failing().size()
            + " failing)"
            + (pipeline.reproducer().isPresent()
                ? "; the reproduction test runs in a worker"
                : ""));
    WorkerReproduction tests =
        new WorkerReproduction(base, release.build(), release.coverage(), executor, run::remaining);
    TestRunResult initial = detect(tests);
    var failingOrDone = triage.failing(initial);
    if (failingOrDone.outcome() != null) {
      return Start.done(failingOrDone.outcome());
    }
    run.localizeStart = clock.millis();
    ProjectLayout layout = tests.layout();
    executor.warmUp(layout);
    List<TestOutcome> built = triage.testedModuleOutcomes(root, layout, initial.outcomes());
    return seen(layout, built, tests.coverage());
  }

  private Start seen(ProjectLayout layout, List<TestOutcome> built, CoverageRun coverage) {
    // The tested module's failing tests, less those that only need a service (set aside above).
    List<TestOutcome> failing =
        built.stream()
            .filter(TestOutcome::failed)
            .filter(o -> !run.serviceTests.contains(TestMatching.methodKey(o)))
            .toList();
    var seenOrDone = triage.seenByWorker(failing, built, coverage);
    if (seenOrDone.outcome() != null) {
      return Start.done(seenOrDone.outcome());
    }
    return new Start(layout, built, coverage, failing, seenOrDone.failing(), null);
  }

  /** The first test run, through the reproduce stage when healing a production error. */
  private TestRunResult detect(ReproductionStage.TestCommand tests)
      throws BadInputException, IOException {
    try {
      ReproductionStage.Detection detection =
          new ReproductionStage(pipeline.reproducer(), progress, run::warn).detect(root, tests);
      run.reproduction = detection.reproduction();
      run.productionTrace = detection.trace();
      return detection.result();
    } catch (BuildFailedException e) {
      // Only a compile error is the project's code; a build that cannot start or resolve is not.
      throw new BadInputException(
          e.compileErrors()
              ? "its tests cannot run (repairing compile errors is not supported yet): "
                  + e.getMessage()
              : "the project's build failed before running its tests: " + e.getMessage());
    }
  }
}
