package dev.kintsugi.heal.loop;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.repair.Repairer;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.core.validate.Verdict;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.deliver.BranchDelivery;
import dev.kintsugi.heal.deliver.CommitMessage;
import dev.kintsugi.heal.deliver.Delivery;
import dev.kintsugi.heal.deliver.UnifiedDiff;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.report.ReportWriter;
import dev.kintsugi.heal.validate.CandidateValidator;
import dev.kintsugi.heal.validate.ChangedLines;
import dev.kintsugi.java.localize.FaultLocalizer;
import dev.kintsugi.java.localize.SourceIndex;
import dev.kintsugi.java.repair.TemplateRepairer;
import dev.kintsugi.learn.FixMemory;
import dev.kintsugi.learn.MemoryRepairer;
import dev.kintsugi.llm.LlmRepairer;
import dev.kintsugi.llm.LlmUsage;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.UnsupportedProjectException;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.confine.SandboxUnavailableException;
import dev.kintsugi.sandbox.maven.MavenProject;
import dev.kintsugi.sandbox.testrun.CandidateRun;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import dev.kintsugi.sandbox.testrun.TestExecutor;
import dev.kintsugi.sandbox.workspace.InvalidRepositoryException;
import dev.kintsugi.sandbox.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The CI heal loop: run the tests → localize → generate candidates → validate through the gates →
 * confirm with the project's own build → deliver a branch. Writes the report in every outcome.
 *
 * <p>All work happens in a private {@link Workspace} inside the heal's own scratch directory; the
 * only change to the user's repository is the new fix branch, created last. Every build and test
 * run is confined by the heal's {@link Sandbox}, which may write nothing but that directory.
 */
public final class HealLoop {

  static final int[] LOCATIONS_PER_ROUND = {10, 25, 50};
  static final int MAX_TESTED_PER_ROUND = 400;
  static final int MAX_PARTIALS_COMBINED = 8;

  /** The gate name, in reports, of the project's own build run on a fix before delivery. */
  static final String BUILD_CONFIRMS = "build-confirms";

  private final Progress progress;
  private final Clock clock;

  public HealLoop(Progress progress, Clock clock) {
    this.progress = progress;
    this.clock = clock;
  }

  /** Heals {@code options.repo()}; never throws for bad input, the outcome says what happened. */
  public HealOutcome run(HealOptions options) {
    Run run = new Run(options, clock.millis());
    HealOutcome outcome;
    try {
      outcome = heal(run);
    } catch (BadInputException e) {
      outcome = run.finish(HealReport.Status.ERROR, e.getMessage(), ExitCode.BAD_INPUT);
    } catch (InvalidRepositoryException
        | UnsupportedProjectException
        | SandboxUnavailableException e) {
      outcome = run.finish(HealReport.Status.ERROR, e.getMessage(), ExitCode.BAD_INPUT);
    } catch (IOException | RuntimeException e) {
      outcome =
          run.finish(
              HealReport.Status.ERROR,
              "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
              ExitCode.BAD_INPUT);
    }
    HealReport report = outcome.report();
    options.report().ifPresent(file -> writeReport(report, file));
    return outcome;
  }

  private void writeReport(HealReport report, Path file) {
    try {
      ReportWriter.write(report, file);
      progress.report("report", "written to " + file);
    } catch (IOException e) {
      progress.report("report", "could not write " + file + ": " + e.getMessage());
    }
  }

  /** Opens the heal's sandbox over a fresh scratch directory of its own, deleted at the end. */
  private HealOutcome heal(Run run)
      throws BadInputException, InvalidRepositoryException, IOException {
    Path scratch =
        Files.createTempDirectory(Files.createDirectories(run.options.workDir()), "heal-");
    try {
      run.scratch = scratch;
      run.sandbox = Sandbox.open(run.options.sandbox().withWritable(scratch));
      run.sandbox.warnings().forEach(run::warn);
      return healIn(run, scratch);
    } finally {
      try {
        SourceTree.delete(scratch);
      } catch (IOException e) {
        run.warn("could not delete the heal's scratch directory " + scratch + ": " + e);
      }
    }
  }

  private HealOutcome healIn(Run run, Path scratch)
      throws BadInputException, InvalidRepositoryException, IOException {
    HealOptions options = run.options;
    try (Workspace workspace = Workspace.export(options.repo(), options.revision(), scratch)) {
      run.baseCommit = workspace.baseCommit();
      if (workspace.userTreeDirty()) {
        run.warn(
            "the working tree has uncommitted changes; healing the committed state ("
                + shortSha(workspace.baseCommit())
                + ") and leaving your changes alone");
      }
      for (String submodule : workspace.skippedSubmodules()) {
        run.warn("submodule " + submodule + " was not exported");
      }
      Path root = workspace.root();
      if (!MavenProject.isMavenProject(root)) {
        throw new BadInputException(
            "no Maven build: "
                + options.repo()
                + " has no pom.xml at its root in commit "
                + shortSha(workspace.baseCommit()));
      }
      MavenProject maven = new MavenProject(root, run.sandbox);
      Optional<Reproducer.ReproductionTest> repro = prepareReproduction(run, root);

      // 1. Detect: run the project's own tests (with the reproduction test, if any).
      progress.report(
          "test",
          "running "
              + options.testCommand().orElse("mvn test")
              + " on "
              + shortSha(workspace.baseCommit())
              + " in a private copy");
      TestRunResult initial =
          repro.isPresent()
              ? detectWithReproduction(maven, run, root, repro.get())
              : runTests(maven, run);
      if (initial.timedOut()) {
        throw new BadInputException(
            "the test run did not finish within its time limit ("
                + run.remaining().toSeconds()
                + "s left of "
                + options.timeout().toSeconds()
                + "s) and was killed; a test may hang");
      }
      List<TestOutcome> failing = initial.failing();
      run.failingTests = failing.stream().map(o -> o.id().toString()).toList();
      if (failing.isEmpty() && options.reproducer().isPresent()) {
        return run.finish(
            HealReport.Status.NOT_FIXED,
            "the production error could not be reproduced by a test ("
                + (run.reproduction == null || run.reproduction.notes().isEmpty()
                    ? "no reproduction"
                    : String.join("; ", run.reproduction.notes()))
                + ") and all "
                + initial.outcomes().size()
                + " existing test(s) pass: without a failing test no fix can be validated",
            ExitCode.NOT_FIXED);
      }
      if (failing.isEmpty()) {
        if (initial.exitCode() == 0) {
          progress.report("test", initial.outcomes().size() + " test(s) pass: nothing to heal");
          return run.finish(
              HealReport.Status.HEALTHY,
              "all " + initial.outcomes().size() + " tests pass",
              ExitCode.SUCCESS);
        }
        throw new BadInputException(
            "the test command failed (exit "
                + initial.exitCode()
                + ") but reported no failing test: "
                + lastLine(initial.outputTail()));
      }
      // A test that fails for want of a service the sandbox cannot reach is not a bug of the code.
      ServiceFailures services = ServiceFailures.split(failing);
      if (!services.needing().isEmpty()) {
        if (services.rest().isEmpty()) {
          return run.finish(HealReport.Status.NOT_FIXED, services.summary(), ExitCode.NOT_FIXED);
        }
        run.warn(
            services.summary()
                + "; the fix must make the other "
                + services.rest().size()
                + " failing test(s) pass");
        services.needing().forEach(need -> run.serviceTests.add(methodKey(need.test())));
        failing = services.rest();
        run.failingTests = failing.stream().map(o -> o.id().toString()).toList();
      }
      progress.report(
          "test",
          failing.size()
              + " of "
              + initial.outcomes().size()
              + " test(s) fail: "
              + String.join(", ", run.failingTests.subList(0, Math.min(5, failing.size()))));

      // 2. Diagnose: per-test coverage + stack frames.
      long localizeStart = clock.millis();
      ProjectLayout layout = maven.resolveLayout(run.remaining());
      List<TestOutcome> built = testedModuleOutcomes(run, root, layout, initial.outcomes());
      // The tested module's failing tests, less those that only need a service (set aside above).
      failing =
          built.stream()
              .filter(TestOutcome::failed)
              .filter(o -> !run.serviceTests.contains(methodKey(o)))
              .toList();
      try (TestExecutor executor = new TestExecutor(scratch, options.workers(), run.sandbox)) {
        // Start the warm workers now: their JVM start overlaps the coverage run.
        executor.warmUp(layout);
        CoverageRun coverage = executor.runAllWithCoverage(layout, run.remaining());
        // The build decides what fails; a fast path that judges otherwise is our bug: say so.
        BuildAgreement agreement = BuildAgreement.of(built, coverage.outcomes());
        if (!agreement.agrees()) {
          run.warn(agreement.summary());
        }
        if (!coverage.unbuiltContexts().isEmpty()) {
          run.warn(
              "the Spring context of "
                  + coverage.unbuiltContexts().size()
                  + " test class(es) cannot be built under the bug (e.g. "
                  + coverage.unbuiltContexts().get(0)
                  + "): no warm sessions, every candidate builds its contexts afresh");
        }
        List<TestOutcome> failingInWorker = matchFailing(failing, coverage.outcomes());
        // A worker that does not see a failure cannot judge a fix for it: stop rather than
        // validate against it, unless the production error's reproduction is seen failing.
        List<String> unseen =
            failing.stream()
                .filter(m -> failingInWorker.stream().noneMatch(o -> sameTest(m, o)))
                .map(HealLoop::methodKey)
                .distinct()
                .toList();
        if (!unseen.isEmpty()) {
          String why =
              "the fast path cannot reproduce the build's failure of "
                  + unseen.size()
                  + " of "
                  + failing.size()
                  + " failing test(s), so it cannot validate a fix for them: "
                  + String.join("; ", agreement.about(unseen));
          Reproducer.ReproductionTest reproduction = run.reproductionTest;
          boolean reproductionSeen =
              reproduction != null
                  && failingInWorker.stream()
                      .anyMatch(
                          o ->
                              o.id().className().equals(reproduction.id().className())
                                  && o.id()
                                      .baseMethodName()
                                      .equals(reproduction.id().methodName()));
          if (!reproductionSeen && failingInWorker.isEmpty()) {
            return run.finish(HealReport.Status.NOT_FIXED, why, ExitCode.NOT_FIXED);
          }
          // Some failures reproduce: repair for them; the confirm build, which runs every test,
          // judges the others (e.g. a test whose failure under the bug depends on timing).
          run.warn(why + "; they are checked only by the confirm build");
        }
        FaultLocalizer localizer =
            new FaultLocalizer(SourceIndex.scan(root, layout.mainSourceRoots()));
        Diagnosis diagnosis =
            localizer.localize(
                failingInWorker,
                coverage.outcomes(),
                coverage.coverage(),
                run.productionTrace.isEmpty() ? List.of() : List.of(run.productionTrace));
        run.diagnosis = diagnosis;
        run.localizeMs = clock.millis() - localizeStart;
        progress.report("localize", diagnosis.summary());
        if (diagnosis.locations().isEmpty()) {
          return run.finish(
              HealReport.Status.NOT_FIXED,
              "no suspicious line in main code: " + diagnosis.summary(),
              ExitCode.NOT_FIXED);
        }

        // 3–4. Repair and validate, in rounds.
        List<TestId> failingIds = failingInWorker.stream().map(TestOutcome::id).toList();
        Duration perTestTimeout = perTestTimeout(coverage.outcomes());
        List<TestOutcome> runnable = judging(built, coverage.outcomes(), run.serviceTests);
        TestSelection selection = new TestSelection(failingIds, runnable, coverage.coverage());
        run.selection = selection;
        CandidateValidator validator =
            new CandidateValidator(
                root,
                diagnosis.files(),
                options.limits(),
                (sources, tests) -> {
                  CandidateRun candidateRun =
                      executor.runCandidate(layout, sources, tests, perTestTimeout, true);
                  if (candidateRun.warm()) {
                    run.warm.incrementAndGet();
                  }
                  if (!candidateRun.warmNote().isEmpty()) {
                    // Cold although warm was possible, or warm after renewing the session.
                    (candidateRun.warm() ? run.renewals : run.coldReasons)
                        .merge(firstLine(candidateRun.warmNote()), 1, Integer::sum);
                  }
                  return candidateRun;
                },
                new HashSet<>(failingIds),
                selection::tests);
        FixMemory memory = openMemory(run);
        Optional<LlmRepairer> llm = LlmRepairer.create(options.llm(), memory);
        List<Repairer> repairers = new ArrayList<>();
        if (memory != null) {
          repairers.add(new MemoryRepairer(memory));
        }
        repairers.add(
            new TemplateRepairer(memory == null ? Map.of() : memory.templatePriorMultipliers()));
        llm.ifPresent(repairers::add);
        run.llm = llm.orElse(null);
        run.memory = memory;
        ExecutorService pool =
            options.workers() > 1 ? Executors.newFixedThreadPool(options.workers()) : null;
        Search search = new Search(run, repairers, validator, diagnosis, failing, root, pool);
        try {
          return search(run, search, root, workspace, failing, coverage);
        } finally {
          if (pool != null) {
            pool.shutdownNow();
          }
        }
      }
    }
  }

  private HealOutcome search(
      Run run,
      Search search,
      Path root,
      Workspace workspace,
      List<TestOutcome> failing,
      CoverageRun coverage)
      throws IOException {
    HealOptions options = run.options;
    Set<TestId> passingBefore = new HashSet<>();
    for (TestOutcome o : coverage.outcomes()) {
      if (o.status() == TestStatus.PASSED) {
        passingBefore.add(o.id());
      }
    }
    for (int round = 1; round <= options.maxRounds(); round++) {
      run.rounds = round;
      List<Verdict> plausible = search.round(round);
      for (Verdict winner : rankPlausible(plausible)) {
        if (run.expired()) {
          break;
        }
        if (confirm(root, winner.candidate(), run)) {
          return deliver(
              run, workspace, winner, plausible.size(), failing, coverage, passingBefore);
        }
      }
      if (run.expired()) {
        return run.finish(
            HealReport.Status.NOT_FIXED,
            "time budget of "
                + options.timeout().toSeconds()
                + "s used up after "
                + run.tested
                + " tested candidate(s)",
            ExitCode.NOT_FIXED);
      }
    }
    int withdrawn = run.rejectedBy.getOrDefault(BUILD_CONFIRMS, 0);
    return run.finish(
        HealReport.Status.NOT_FIXED,
        "no candidate passed every gate in "
            + run.rounds
            + " round(s) ("
            + run.generated
            + " generated, "
            + run.tested
            + " tested"
            + (withdrawn > 0
                ? "; "
                    + withdrawn
                    + " candidate(s) passed fast validation but the build rejected them"
                : "")
            + ")",
        ExitCode.NOT_FIXED);
  }

  /** The fix memory, or none when its directory cannot be used (the heal goes on without it). */
  private FixMemory openMemory(Run run) {
    Optional<Path> dir = run.options.memoryDir();
    if (dir.isEmpty()) {
      return null;
    }
    try {
      return FixMemory.open(dir.get(), clock);
    } catch (RuntimeException e) {
      run.warn("fix memory unavailable (" + dir.get() + "): " + e.getMessage());
      return null;
    }
  }

  private TestRunResult runTests(MavenProject maven, Run run) throws BadInputException {
    try {
      return maven.runTests(run.options.testCommand(), run.remaining());
    } catch (BuildFailedException e) {
      // Only a compile error is the project's code; a build that cannot start or resolve is not.
      throw new BadInputException(
          e.compileErrors()
              ? "its tests cannot run (repairing compile errors is not supported yet): "
                  + e.getMessage()
              : "the project's build failed before running its tests: " + e.getMessage());
    }
  }

  /**
   * Asks the reproducer for a test of the production error and writes it into the workspace.
   * Anything that goes wrong here only costs the reproduction: the heal goes on without it.
   */
  private Optional<Reproducer.ReproductionTest> prepareReproduction(Run run, Path root) {
    Optional<Reproducer> reproducer = run.options.reproducer();
    if (reproducer.isEmpty()) {
      return Optional.empty();
    }
    Reproducer.Attempt attempt;
    try {
      attempt = reproducer.get().prepare(root);
    } catch (IOException | RuntimeException e) {
      attempt =
          new Reproducer.Attempt(
              Optional.empty(), List.of("the reproduction failed: " + e.getMessage()), "");
    }
    run.productionTrace = attempt.stackTrace();
    Optional<Reproducer.ReproductionTest> test = attempt.test();
    run.reproduction =
        new HealReport.ReproductionPart(
            test.map(t -> t.id().toString()).orElse(null),
            test.map(Reproducer.ReproductionTest::file).orElse(null),
            false,
            attempt.notes());
    if (test.isEmpty()) {
      run.warn(
          "no reproduction test could be built; falling back to the error's stack trace and the"
              + " existing tests");
      progress.report("reproduce", String.join("; ", attempt.notes()));
      return Optional.empty();
    }
    Path file = root.resolve(test.get().file()).normalize();
    try {
      if (!file.startsWith(root) || Files.exists(file)) {
        throw new IOException(test.get().file() + " exists already or lies outside the project");
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, test.get().source(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      run.warn("cannot add the reproduction test: " + e.getMessage());
      return Optional.empty();
    }
    progress.report("reproduce", test.get().description());
    return test;
  }

  /**
   * Runs the tests with the reproduction test added. Keeps the result when the reproduction fails
   * the way the production error did; otherwise removes the test and runs the existing tests alone.
   */
  private TestRunResult detectWithReproduction(
      MavenProject maven, Run run, Path root, Reproducer.ReproductionTest repro)
      throws BadInputException, IOException {
    String why;
    try {
      TestRunResult result = maven.runTests(run.options.testCommand(), run.remaining());
      if (result.timedOut()) {
        why = "made the test run time out";
      } else {
        Optional<TestOutcome> outcome =
            result.outcomes().stream()
                .filter(
                    o ->
                        o.id().className().equals(repro.id().className())
                            && o.id().baseMethodName().equals(repro.id().methodName()))
                .findFirst();
        if (outcome.isPresent()
            && outcome.get().failed()
            && run.options.reproducer().orElseThrow().reproduces(repro, outcome.get())) {
          run.reproduction =
              new HealReport.ReproductionPart(
                  repro.id().toString(), repro.file(), true, run.reproduction.notes());
          run.reproductionTest = repro;
          progress.report("reproduce", repro.id() + " fails like the production error");
          return result;
        }
        why =
            outcome.isEmpty()
                ? "did not run"
                : outcome.get().failed()
                    ? "failed differently ("
                        + outcome.get().exceptionType()
                        + ") from the production error"
                    : "passed";
      }
    } catch (BuildFailedException e) {
      why = "does not compile: " + firstLine(e.getMessage());
    }
    List<String> notes = new ArrayList<>(run.reproduction.notes());
    notes.add("the generated test " + why);
    run.reproduction =
        new HealReport.ReproductionPart(repro.id().toString(), repro.file(), false, notes);
    run.warn(
        "the reproduction test "
            + why
            + "; falling back to the error's stack trace and the existing tests");
    Files.deleteIfExists(root.resolve(repro.file()));
    return runTests(maven, run);
  }

  private static String firstLine(String text) {
    String t = text == null ? "" : text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  /**
   * The build's outcomes of the tests the fast path runs. In a reactor that is one module's tests
   * (the layout's); failing tests of other modules are left to the confirm build, with a warning.
   */
  private List<TestOutcome> testedModuleOutcomes(
      Run run, Path root, ProjectLayout layout, List<TestOutcome> all) {
    if (layout.baseDir().equals(layout.root())) {
      return all;
    }
    Set<String> classes = new HashSet<>(layout.testSettings().testClasses());
    List<TestOutcome> mine =
        all.stream().filter(o -> classes.contains(o.id().className())).toList();
    long elsewhere =
        all.stream().filter(o -> o.failed() && !classes.contains(o.id().className())).count();
    String module = root.relativize(layout.baseDir()).toString();
    progress.report(
        "localize",
        "multi-module build: healing from module "
            + module
            + " and the modules it depends on ("
            + layout.mainSourceRoots().size()
            + " source root(s))");
    if (elsewhere > 0) {
      run.warn(
          elsewhere
              + " failing test(s) of other modules run only in the confirm build (fast validation"
              + " runs the tests of module "
              + module
              + ")");
    }
    return mine;
  }

  /** Worker outcomes of the tests Maven reported failing, matched by class and method name. */
  static List<TestOutcome> matchFailing(List<TestOutcome> maven, List<TestOutcome> worker) {
    List<TestOutcome> matched = new ArrayList<>();
    for (TestOutcome o : worker) {
      if (o.failed() && maven.stream().anyMatch(m -> sameTest(m, o))) {
        matched.add(o);
      }
    }
    return matched;
  }

  /**
   * Whether the worker's outcome belongs to the build's: the same method, or any method of the
   * class when the build has a class-level outcome only (a fork that died, a failing
   * {@code @BeforeAll}).
   */
  static boolean sameTest(TestOutcome build, TestOutcome worker) {
    if (!build.id().className().equals(worker.id().className())) {
      return false;
    }
    String method = build.id().baseMethodName();
    return method.isEmpty() || method.equals(worker.id().baseMethodName());
  }

  /** {@code class#method}, invocations of a parameterized or dynamic test folded into one. */
  static String methodKey(TestOutcome o) {
    return o.id().className() + "#" + o.id().baseMethodName();
  }

  /**
   * The worker's outcomes of the tests that judge candidates. Not those that need an unreachable
   * service (they fail for every candidate), nor those the build passed and the worker failed — a
   * timing-dependent test, e.g. one that sleeps 120 ms for asynchronous messages, slower under
   * JaCoCo — which would refuse every candidate it runs for: the confirm build judges them.
   */
  static List<TestOutcome> judging(
      List<TestOutcome> build, List<TestOutcome> worker, Set<String> serviceTests) {
    Set<String> passedInBuild = new HashSet<>();
    build.stream().filter(o -> !o.failed()).forEach(o -> passedInBuild.add(methodKey(o)));
    return worker.stream()
        .filter(o -> !serviceTests.contains(methodKey(o)))
        .filter(o -> !(o.failed() && passedInBuild.contains(methodKey(o))))
        .toList();
  }

  /** Ten times the slowest test of the coverage run, at least 2 s, at most 60 s. */
  static Duration perTestTimeout(List<TestOutcome> baseline) {
    long slowest = baseline.stream().mapToLong(TestOutcome::millis).max().orElse(0);
    return Duration.ofMillis(Math.max(2_000, Math.min(60_000, slowest * 10 + 1_000)));
  }

  /**
   * Smallest change first (least overfitting): fewest changed lines, then fewest changed characters
   * (an operator swap before a clamp that wraps the expression), then the higher score.
   */
  static List<Verdict> rankPlausible(List<Verdict> plausible) {
    return plausible.stream()
        .sorted(
            Comparator.comparingInt(
                    (Verdict v) ->
                        v.candidate().changes().stream().mapToInt(ChangedLines::count).sum())
                .thenComparingInt(v -> changedChars(v.candidate()))
                .thenComparing(v -> -v.candidate().score()))
        .toList();
  }

  /** Characters between the common prefix and suffix of each file, before plus after. */
  static int changedChars(Candidate candidate) {
    int total = 0;
    for (FileChange change : candidate.changes()) {
      String a = change.before();
      String b = change.after();
      int prefix = 0;
      int max = Math.min(a.length(), b.length());
      while (prefix < max && a.charAt(prefix) == b.charAt(prefix)) {
        prefix++;
      }
      int suffix = 0;
      while (suffix < max - prefix
          && a.charAt(a.length() - 1 - suffix) == b.charAt(b.length() - 1 - suffix)) {
        suffix++;
      }
      total += (a.length() - prefix - suffix) + (b.length() - prefix - suffix);
    }
    return total;
  }

  /**
   * The project's own build must pass with the fix applied. It runs in a fresh copy of the
   * workspace (sources only): the build's compiled classes of a rejected fix must not leak into the
   * workspace that later candidates are compiled against.
   */
  private boolean confirm(Path root, Candidate fix, Run run) throws IOException {
    progress.report(
        "confirm",
        "running " + run.options.testCommand().orElse("mvn test") + " with " + fix.description());
    Path copy = Files.createTempDirectory(run.scratch, "confirm-");
    boolean green;
    String why;
    try {
      SourceTree.copy(root, copy);
      write(copy, fix, false);
      TestRunResult result =
          new MavenProject(copy, run.sandbox).runTests(run.options.testCommand(), run.remaining());
      // Tests already set apart as needing an unreachable service may still fail.
      List<TestOutcome> stillFailing =
          result.failing().stream().filter(o -> !run.serviceTests.contains(methodKey(o))).toList();
      green = !result.timedOut() && result.exitCode() == 0 && stillFailing.isEmpty();
      why =
          result.timedOut()
              ? "timed out"
              : stillFailing.isEmpty()
                  ? "exit " + result.exitCode()
                  : stillFailing.get(0).id() + " fails";
    } catch (BuildFailedException e) {
      green = false;
      why = "does not compile with the build: " + e.getMessage();
    } finally {
      SourceTree.delete(copy);
    }
    if (!green) {
      run.rejectedBy.merge(BUILD_CONFIRMS, 1, Integer::sum);
      progress.report("confirm", "rejected: " + why);
      // Fast validation runs only the tests that execute the changed code; this counts its misses.
      run.warn(
          "the build rejected a candidate fast validation accepted ("
              + fix.description()
              + "): "
              + firstLine(why)
              + "; it was withdrawn");
    }
    return green;
  }

  private static void write(Path root, Candidate fix, boolean restore) throws IOException {
    for (FileChange change : fix.changes()) {
      Files.writeString(
          root.resolve(change.file()),
          restore ? change.before() : change.after(),
          StandardCharsets.UTF_8);
    }
  }

  private HealOutcome deliver(
      Run run,
      Workspace workspace,
      Verdict winner,
      int plausibleCount,
      List<TestOutcome> failing,
      CoverageRun coverage,
      Set<TestId> passingBefore)
      throws IOException {
    Candidate fix = winner.candidate();
    RankedLocation cause = causeOf(fix, run.diagnosis);
    String passed =
        winner.gates().stream()
            .filter(g -> g.gate().equals(CandidateValidator.RELEVANT_TESTS_PASS))
            .map(g -> g.evidence())
            .findFirst()
            .orElse("");
    int notRun = run.selection.baselineSize() - run.selection.tests(fix).size();
    String evidence =
        "every gate passed ("
            + passed
            + " in fast validation"
            + (notRun > 0 ? "; " + notRun + " other test(s) do not execute the changed code" : "")
            + "), then "
            + run.options.testCommand().orElse("mvn test")
            + " passed on the patched copy; "
            + plausibleCount
            + " plausible candidate(s) among "
            + run.tested
            + " tested, the smallest was chosen";
    String message =
        CommitMessage.of(
            failing, cause, fix.description(), fix.repairer(), evidence, workspace.baseCommit());
    List<FileChange> committed = new ArrayList<>(fix.changes());
    if (run.reproductionTest != null) {
      committed.add(new FileChange(run.reproductionTest.file(), "", run.reproductionTest.source()));
      // The production error names the commit better than the generated test does.
      String subject = "Fix " + run.reproductionTest.error() + " seen in production";
      if (subject.length() > 72) {
        subject = subject.substring(0, 71) + "…";
      }
      message = subject + message.substring(message.indexOf('\n'));
      message +=
          "\nReproduction: "
              + run.reproductionTest.id()
              + " (generated from the production error; it failed before the fix and passes"
              + " with it)\n";
    }
    Delivery delivery =
        new BranchDelivery(workspace.repository(), clock.instant())
            .deliver(workspace.baseCommit(), committed, message);
    progress.report(
        "deliver", "branch " + delivery.branch() + " (" + shortSha(delivery.commit()) + ")");
    run.branch = delivery.branch();
    run.commit = delivery.commit();
    if (run.memory != null) {
      try {
        run.memory.learn(failing, fix, FixMemory.DELIVERED);
      } catch (RuntimeException e) {
        run.warn("could not remember the fix: " + e.getMessage());
      }
    }
    double confidence =
        Confidence.of(
            fix,
            plausibleCount,
            run.options.limits().maxChangedLines(),
            coverage.coverage(),
            passingBefore);
    run.fix =
        new HealReport.FixPart(
            UnifiedDiff.of(fix.changes()),
            fix.changes().stream().map(FileChange::file).toList(),
            fix.repairer(),
            confidence,
            fix.description() + ". " + evidence + ".");
    run.plausible = plausibleCount;
    return run.finish(
        HealReport.Status.FIXED,
        "fixed " + failing.size() + " failing test(s) with " + fix.repairer(),
        ExitCode.SUCCESS);
  }

  private static RankedLocation causeOf(Candidate fix, Diagnosis diagnosis) {
    Set<String> files = new LinkedHashSet<>();
    List<Integer> lines = new ArrayList<>();
    for (FileChange change : fix.changes()) {
      files.add(change.file());
      lines.addAll(ChangedLines.originalLines(change));
    }
    for (RankedLocation location : diagnosis.locations()) {
      if (files.contains(location.file()) && lines.contains(location.line())) {
        return location;
      }
    }
    for (RankedLocation location : diagnosis.locations()) {
      if (files.contains(location.file())) {
        return location;
      }
    }
    return diagnosis.locations().isEmpty() ? null : diagnosis.locations().get(0);
  }

  private static HealReport.LlmPart llmPart(LlmRepairer llm) {
    LlmUsage usage = llm.usage();
    String diagnosis = llm.diagnosis();
    return new HealReport.LlmPart(
        llm.id(),
        usage.requests(),
        usage.failedRequests(),
        usage.totalTokens(),
        diagnosis == null || diagnosis.isBlank() ? null : diagnosis,
        usage.stoppedReason() == null || usage.stoppedReason().isBlank()
            ? null
            : usage.stoppedReason());
  }

  static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(8, sha.length()));
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }

  /** The candidate search over rounds: generation, dedupe, widening, combinations. */
  private final class Search {
    private final Run run;
    private final List<Repairer> repairers;
    private final List<Verdict> roundVerdicts = new ArrayList<>();
    private final CandidateValidator validator;
    private final Diagnosis diagnosis;
    private final List<TestOutcome> failing;
    private final Path root;
    private final Set<String> seen = new HashSet<>();
    private final List<Verdict> partials = new ArrayList<>();
    private final ExecutorService pool;

    Search(
        Run run,
        List<Repairer> repairers,
        CandidateValidator validator,
        Diagnosis diagnosis,
        List<TestOutcome> failing,
        Path root,
        ExecutorService pool) {
      this.pool = pool;
      this.run = run;
      this.repairers = List.copyOf(repairers);
      this.validator = validator;
      this.diagnosis = diagnosis;
      this.failing = failing;
      this.root = root;
    }

    List<Verdict> round(int round) {
      long generateStart = clock.millis();
      int locations = LOCATIONS_PER_ROUND[Math.min(round, LOCATIONS_PER_ROUND.length) - 1];
      // Self-correction: every repairer sees why the last round's candidates failed.
      RepairRequest request =
          new RepairRequest(root, diagnosis, failing, round, locations, feedback());
      List<Candidate> proposed = new ArrayList<>();
      for (Repairer repairer : repairers) {
        try {
          proposed.addAll(repairer.propose(request));
        } catch (RuntimeException e) {
          // A repairer is a plug-in: its failure costs its candidates, never the heal.
          run.warn("repairer " + repairer.name() + " failed: " + e.getMessage());
        }
      }
      if (round >= 2) {
        proposed.addAll(combinations(proposed));
      }
      List<Candidate> fresh = new ArrayList<>();
      for (Candidate c : proposed) {
        if (seen.add(key(c))) {
          fresh.add(c);
        }
      }
      fresh.sort(Comparator.comparingDouble(Candidate::score).reversed());
      run.generated += fresh.size();
      run.generateMs += clock.millis() - generateStart;
      progress.report(
          "repair",
          String.format(
              Locale.ROOT,
              "round %d: %d new candidate(s) from the top %d location(s)",
              round,
              fresh.size(),
              Math.min(locations, diagnosis.locations().size())));

      long validateStart = clock.millis();
      roundVerdicts.clear();
      List<Verdict> plausible = new ArrayList<>();
      int testedThisRound = 0;
      int afterFirst = 0;
      long lastReport = clock.millis();
      int next = 0;
      // Candidates are validated in windows of `workers`, concurrently; verdicts are consumed in
      // candidate order so the outcome does not depend on which worker finishes first.
      while (next < fresh.size()) {
        if (run.expired() || testedThisRound >= MAX_TESTED_PER_ROUND) {
          break;
        }
        if (!plausible.isEmpty() && afterFirst >= run.options.exploreAfterPlausible()) {
          break;
        }
        int end = Math.min(fresh.size(), next + run.options.workers());
        List<Verdict> verdicts = validateAll(fresh.subList(next, end));
        next = end;
        roundVerdicts.addAll(verdicts);
        for (Verdict verdict : verdicts) {
          if (!plausible.isEmpty()) {
            afterFirst++;
          }
          if (verdict.tested()) {
            run.tested++;
            testedThisRound++;
          }
          verdict.rejection().ifPresent(g -> run.rejectedBy.merge(g.gate(), 1, Integer::sum));
          if (verdict.plausible()) {
            plausible.add(verdict);
            progress.report("validate", "plausible: " + verdict.candidate().description());
          } else if (verdict.testsFixed() > 0) {
            partials.add(verdict);
          }
        }
        if (clock.millis() - lastReport > 5_000) {
          lastReport = clock.millis();
          progress.report(
              "validate",
              run.tested
                  + " tested, "
                  + plausible.size()
                  + " plausible, "
                  + partials.size()
                  + " partial");
        }
      }
      run.validateMs += clock.millis() - validateStart;
      run.plausible += plausible.size();
      progress.report(
          "validate",
          String.format(
              Locale.ROOT,
              "round %d: %d tested, %d plausible, %d partial",
              round,
              testedThisRound,
              plausible.size(),
              partials.size()));
      return plausible;
    }

    /**
     * The last round's verdicts of model candidates and its best partial fixes (empty before the
     * first round): the next round's hints.
     */
    List<Verdict> feedback() {
      List<Verdict> hints = new ArrayList<>();
      for (Verdict v : roundVerdicts) {
        if (v.candidate().repairer().startsWith("llm:")) {
          hints.add(v);
        }
      }
      roundVerdicts.stream()
          .filter(v -> !v.candidate().repairer().startsWith("llm:") && v.testsFixed() > 0)
          .limit(5)
          .forEach(hints::add);
      return hints;
    }

    private List<Verdict> validateAll(List<Candidate> batch) {
      if (batch.size() == 1 || pool == null) {
        return batch.stream().map(validator::validate).toList();
      }
      List<Future<Verdict>> futures = new ArrayList<>();
      for (Candidate candidate : batch) {
        futures.add(pool.submit(() -> validator.validate(candidate)));
      }
      List<Verdict> verdicts = new ArrayList<>();
      for (Future<Verdict> future : futures) {
        try {
          verdicts.add(future.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          futures.forEach(f -> f.cancel(true));
          throw new CancellationException("heal interrupted");
        } catch (ExecutionException e) {
          throw new IllegalStateException("validation failed: " + e.getCause(), e.getCause());
        }
      }
      return verdicts;
    }

    /** Two-edit candidates: best partial fixes combined with each other and with new ones. */
    private List<Candidate> combinations(List<Candidate> proposed) {
      List<Candidate> best =
          partials.stream()
              .sorted(
                  Comparator.comparingInt(Verdict::testsFixed)
                      .reversed()
                      .thenComparing(v -> -v.candidate().score()))
              .limit(MAX_PARTIALS_COMBINED)
              .map(Verdict::candidate)
              .toList();
      List<Candidate> combined = new ArrayList<>();
      for (int i = 0; i < best.size(); i++) {
        for (int j = i + 1; j < best.size(); j++) {
          TemplateRepairer.combine(best.get(i), best.get(j)).ifPresent(combined::add);
        }
        for (Candidate other : proposed.subList(0, Math.min(30, proposed.size()))) {
          TemplateRepairer.combine(best.get(i), other).ifPresent(combined::add);
        }
      }
      return combined;
    }

    private String key(Candidate c) {
      StringBuilder key = new StringBuilder();
      for (FileChange change : c.changes()) {
        key.append(change.file())
            .append('\0')
            .append(change.after().hashCode())
            .append('\0')
            .append(change.after().length())
            .append('\n');
      }
      return key.toString();
    }
  }

  /** Mutable state of one heal, turned into the report at the end. */
  private final class Run {
    final HealOptions options;
    final long start;
    final List<String> warnings = new ArrayList<>();
    final TreeMap<String, Integer> rejectedBy = new TreeMap<>();
    String baseCommit;
    List<String> failingTests = List.of();

    /** {@code class#method} of failing tests that need a service the sandbox cannot reach. */
    final Set<String> serviceTests = new HashSet<>();

    Diagnosis diagnosis;
    HealReport.FixPart fix;
    String branch;
    String commit;
    int generated;
    int tested;
    int plausible;

    /** Why candidates that could have run warm ran cold, with how many (validated in parallel). */
    final Map<String, Integer> coldReasons = new java.util.concurrent.ConcurrentHashMap<>();

    /** Warm sessions renewed before a candidate, and why. */
    final Map<String, Integer> renewals = new java.util.concurrent.ConcurrentHashMap<>();

    /** Candidates whose tests ran in a warm session (validated in parallel: atomic). */
    final java.util.concurrent.atomic.AtomicInteger warm =
        new java.util.concurrent.atomic.AtomicInteger();

    /** Which tests each candidate runs; set once the coverage run is in. */
    TestSelection selection;

    int rounds;
    long localizeMs;
    long generateMs;
    long validateMs;
    LlmRepairer llm;
    FixMemory memory;
    HealReport.ReproductionPart reproduction;
    Reproducer.ReproductionTest reproductionTest;
    String productionTrace = "";
    Path scratch;
    Sandbox sandbox;

    Run(HealOptions options, long start) {
      this.options = options;
      this.start = start;
    }

    void warn(String warning) {
      warnings.add(warning);
      progress.report("warning", warning);
    }

    Duration remaining() {
      long left = options.timeout().toMillis() - (clock.millis() - start);
      return Duration.ofMillis(Math.max(1_000, left));
    }

    boolean expired() {
      return clock.millis() - start >= options.timeout().toMillis();
    }

    private static int total(Map<String, Integer> tally) {
      return tally.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Up to three of the tallied reasons, sorted, for a warning. */
    private static String firstReasons(Map<String, Integer> tally) {
      return String.join("; ", tally.keySet().stream().sorted().limit(3).toList());
    }

    HealOutcome finish(HealReport.Status status, String reason, int exitCode) {
      if (!coldReasons.isEmpty()) {
        warn(
            total(coldReasons)
                + " candidate(s) ran in a fresh class loader instead of the warm session: "
                + firstReasons(coldReasons));
      }
      if (!renewals.isEmpty()) {
        warn(
            "the warm session was renewed "
                + total(renewals)
                + " time(s): "
                + firstReasons(renewals));
      }
      HealReport.DiagnosisPart diag =
          diagnosis == null
              ? null
              : new HealReport.DiagnosisPart(
                  diagnosis.top(20).stream()
                      .map(
                          l ->
                              new HealReport.Location(
                                  l.file(), l.line(), Math.round(l.score() * 1000) / 1000.0))
                      .toList(),
                  diagnosis.summary());
      HealReport report =
          new HealReport(
              status,
              reason,
              options.repo().toAbsolutePath().normalize().toString(),
              baseCommit,
              branch,
              commit,
              failingTests,
              diag,
              fix,
              new HealReport.CandidateCounts(generated, tested, plausible, warm.get()),
              rounds,
              new HealReport.Timings(clock.millis() - start, localizeMs, generateMs, validateMs),
              warnings,
              rejectedBy,
              llm == null ? null : llmPart(llm),
              reproduction);
      return new HealOutcome(report, exitCode);
    }
  }
}
