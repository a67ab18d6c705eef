package dev.kintsugi.sandbox.maven;

import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.TestFramework;
import dev.kintsugi.sandbox.TestSettings;
import dev.kintsugi.sandbox.UnsupportedProjectException;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.process.ProcessResult;
import dev.kintsugi.sandbox.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Maven project on disk: runs its tests with its own build and resolves where its classes,
 * sources and test classpath are. Every Maven run has a time limit and leaves nothing running.
 *
 * <p>In a confined {@link Sandbox} Maven runs offline ({@code -o}) with a read-only local
 * repository. When that fails for a missing artifact and the sandbox allows it, a resolve step
 * (network, writable local repository, no test executed) fetches what is missing and the offline
 * run is repeated. Stability: public API of the sandbox.
 */
public final class MavenProject {

  private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

  /** Surefire runs, but matches no test: resolves its provider without running project tests. */
  private static final String[] RESOLVE_TEST_RUN = {
    "-Dtest=*#kintsugiResolveOnly__",
    "-Dsurefire.failIfNoSpecifiedTests=false",
    "-DfailIfNoTests=false",
    "-Dmaven.test.failure.ignore=true",
    "test"
  };

  private final Path root;
  private final ProcessRunner runner;

  /**
   * What the last {@link #runTests} ran, crashed classes included (those have no report on disk);
   * null before a run, when the reports on disk decide.
   */
  private volatile TestsRun lastTestsRun;

  /**
   * Runs Maven unconfined: for trusted projects only.
   *
   * @param root the directory holding the project's pom.xml
   * @throws IllegalArgumentException when there is no pom.xml in {@code root}
   */
  public MavenProject(Path root) {
    this(root, Sandbox.unconfined());
  }

  /**
   * Runs every Maven command in {@code sandbox}, which must let it write {@code root}.
   *
   * @throws IllegalArgumentException when there is no pom.xml in {@code root}
   */
  public MavenProject(Path root, Sandbox sandbox) {
    if (!isMavenProject(root)) {
      throw new IllegalArgumentException("not a Maven project (no pom.xml): " + root);
    }
    this.root = root.toAbsolutePath().normalize();
    this.runner = new ProcessRunner(sandbox);
  }

  /** Whether {@code root} holds a pom.xml. */
  public static boolean isMavenProject(Path root) {
    return Files.isRegularFile(root.resolve("pom.xml"));
  }

  /**
   * Runs the project's tests with {@code mvn test} (failures do not stop the build), or with {@code
   * sh -c testCmd} when given, and reads Surefire's reports of all modules.
   *
   * @return the outcomes; when the run hit {@code timeout} it was killed and the result has {@code
   *     timedOut} set with the reports written so far
   * @throws BuildFailedException when the project does not compile, or the build failed before any
   *     test ran; the message quotes the first errors
   */
  public TestRunResult runTests(Optional<String> testCmd, Duration timeout) {
    SurefireReports.deleteAll(root);
    RunClasspaths.deleteAll(root);
    List<String> testRun =
        new ArrayList<>(
            List.of(
                "-Dmaven.test.failure.ignore=true",
                "-Dsurefire.printSummary=true",
                "-DtrimStackTrace=false",
                "test"));
    testRun.addAll(RunClasspaths.goal());
    List<String> resolve = new ArrayList<>(List.of(RESOLVE_TEST_RUN));
    resolve.addAll(RunClasspaths.goal());
    List<String> command =
        testCmd
            .map(cmd -> List.of("sh", "-c", cmd))
            .orElseGet(() -> maven(testRun.toArray(String[]::new)));
    return withLog(
        log -> {
          ProcessResult result =
              runResolving(
                  command, MavenCommand.of(root, resolve.toArray(String[]::new)), timeout, log);
          List<TestOutcome> outcomes = SurefireReports.read(root);
          Set<String> crashed = Set.of();
          if (!result.timedOut() && result.exitCode() != 0) {
            failIfNotCompiling(log);
            // A test that ended the fork (System.exit, an error it could not report) has no report.
            List<TestOutcome> reported = outcomes;
            outcomes = ForkCrashes.addTo(reported, BuildLog.lines(log), root);
            crashed =
                outcomes.stream()
                    .filter(o -> !reported.contains(o))
                    .map(o -> o.id().className())
                    .collect(Collectors.toSet());
            if (outcomes.isEmpty()) {
              throw new BuildFailedException(
                  "the build failed before running tests (exit code "
                      + result.exitCode()
                      + "):\n"
                      + errorsOf(result));
            }
          }
          lastTestsRun = TestsRun.of(outcomes, crashed);
          return new TestRunResult(
              outcomes, result.exitCode(), result.timedOut(), result.outputTail());
        });
  }

  /**
   * Compiles the project and its tests with Maven and resolves its layout and test classpath. The
   * layout's {@link TestSettings} name the test classes of the last {@link #runTests} (its Surefire
   * reports: the build, not a naming rule, decides what a test is) and carry the POM's Surefire
   * settings.
   *
   * <p>In a multi-module build (a reactor) the layout is that of one module: the first, in build
   * order, whose tests failed in the last {@link #runTests} (the most upstream failure is nearest
   * the cause; without failures, the last module with tests). Its classpath is resolved from the
   * reactor root with {@code -pl module -am}, so sibling modules resolve to their {@code
   * target/classes} (nothing needs to be installed), and the main sources and classes of the
   * siblings it depends on belong to the layout, so a fault there can be localized and repaired.
   *
   * @throws UnsupportedProjectException for a project without JUnit
   * @throws BuildFailedException when the project does not compile or Maven fails or times out
   */
  public ProjectLayout resolveLayout(Duration timeout) {
    if (!Reactor.isReactor(root)) {
      return layoutOf(PomFile.read(root.resolve("pom.xml")), root, List.of(), List.of(), timeout);
    }
    Reactor reactor = Reactor.read(root);
    Reactor.Module tested = testedModule(reactor);
    List<Reactor.Module> upstream =
        reactor.withUpstream(tested).stream().filter(m -> !m.equals(tested)).toList();
    // Properties a module inherits from the reactor root (the usual parent), e.g. the release.
    PomFile rootPom = PomFile.read(root.resolve("pom.xml"));
    PomFile modulePom = PomFile.read(tested.dir().resolve("pom.xml")).inheriting(rootPom);
    return layoutOf(
        modulePom,
        tested.dir(),
        upstream.stream().map(Reactor.Module::dir).toList(),
        List.of("-pl", tested.selector(root), "-am"),
        timeout);
  }

  private ProjectLayout layoutOf(
      PomFile pom,
      Path moduleDir,
      List<Path> upstreamDirs,
      List<String> selection,
      Duration timeout) {
    // The default test run wrote it (and compiled everything); a custom test command did not.
    List<Path> classpath =
        RunClasspaths.read(moduleDir).orElseGet(() -> resolveClasspath(selection, timeout));
    TestFramework framework = framework(classpath);
    Optional<Path> launcher =
        framework == TestFramework.JUNIT_PLATFORM
            ? Optional.of(LauncherLocator.locate(classpath, this::fetchLauncher))
            : Optional.empty();
    Path mainClasses = moduleDir.resolve("target/classes");
    List<Path> mainSources = new ArrayList<>(mainSources(moduleDir, pom));
    List<Path> upstreamClasses = new ArrayList<>();
    for (Path dir : upstreamDirs) {
      mainSources.addAll(mainSources(dir, PomFile.read(dir.resolve("pom.xml"))));
      upstreamClasses.add(dir.resolve("target/classes"));
    }
    if (!upstreamDirs.isEmpty() || !moduleDir.equals(root)) {
      createDirectories(mainClasses); // a module with tests only has no main classes
    }
    TestsRun all =
        lastTestsRun != null ? lastTestsRun : TestsRun.of(SurefireReports.read(root), Set.of());
    // In a reactor the worker runs the tested module's tests only (the confirm build runs all).
    TestsRun testsRun =
        moduleDir.equals(root) ? all : all.restrictedTo(Set.copyOf(testClassesRun(moduleDir)));
    return new ProjectLayout(
        root,
        mainSources,
        existing(moduleDir, pom.testSourceDirectory().orElse("src/test/java")),
        mainClasses,
        moduleDir.resolve("target/test-classes"),
        classpath,
        framework,
        launcher,
        JavaRelease.of(mainClasses, pom),
        SurefireConfig.read(moduleDir, pom).withTests(testsRun.classes(), testsRun.methods()),
        moduleDir,
        upstreamClasses);
  }

  private static List<Path> mainSources(Path moduleDir, PomFile pom) {
    return existing(moduleDir, pom.sourceDirectory().orElse("src/main/java"));
  }

  /** The first module in build order with a failing test, else the last one with tests. */
  private Reactor.Module testedModule(Reactor reactor) {
    Map<Path, List<TestOutcome>> byModule = SurefireReports.readByModule(root);
    Optional<Reactor.Module> failing =
        reactor.modules().stream()
            .filter(
                m ->
                    byModule.getOrDefault(m.dir(), List.of()).stream()
                        .anyMatch(TestOutcome::failed))
            .findFirst();
    if (failing.isPresent()) {
      return failing.get();
    }
    List<Reactor.Module> tested =
        reactor.modules().stream().filter(m -> byModule.containsKey(m.dir())).toList();
    if (tested.isEmpty()) {
      throw new UnsupportedProjectException(
          "no module of the multi-module build in " + root + " has run tests");
    }
    return tested.get(tested.size() - 1);
  }

  /** The classes whose tests the last test run executed in {@code moduleDir}, from its reports. */
  private static List<String> testClassesRun(Path moduleDir) {
    return SurefireReports.readByModule(moduleDir)
        .getOrDefault(moduleDir.toAbsolutePath().normalize(), List.of())
        .stream()
        .map(outcome -> outcome.id().className())
        .distinct()
        .sorted()
        .toList();
  }

  private List<Path> resolveClasspath(List<String> selection, Duration timeout) {
    return withTempFile(
        "kintsugi-classpath-",
        classpathFile ->
            withLog(
                log -> {
                  List<String> argList =
                      new ArrayList<>(
                          List.of(
                              "-q",
                              "test-compile",
                              MavenCommand.DEPENDENCY_PLUGIN + ":build-classpath",
                              "-Dmdep.outputFile=" + classpathFile,
                              "-Dmdep.includeScope=test"));
                  // With -am the upstream modules write the file first; the selected module,
                  // built last, overwrites it with its own classpath.
                  argList.addAll(selection);
                  String[] args = argList.toArray(String[]::new);
                  ProcessResult result =
                      runResolving(maven(args), MavenCommand.of(root, args), timeout, log);
                  if (result.timedOut()) {
                    throw new BuildFailedException(
                        "mvn test-compile did not finish within " + timeout.toSeconds() + " s");
                  }
                  if (result.exitCode() != 0) {
                    failIfNotCompiling(log);
                    throw new BuildFailedException(
                        "cannot resolve the test classpath with Maven (exit code "
                            + result.exitCode()
                            + "):\n"
                            + errorsOf(result));
                  }
                  return RunClasspaths.parse(readString(classpathFile));
                }));
  }

  private TestFramework framework(List<Path> classpath) {
    if (LauncherLocator.jar(classpath, "junit-jupiter-engine").isPresent()
        || LauncherLocator.jar(classpath, "junit-vintage-engine").isPresent()) {
      return TestFramework.JUNIT_PLATFORM;
    }
    if (LauncherLocator.jar(classpath, "junit").isPresent()) {
      return TestFramework.JUNIT4;
    }
    String hint =
        LauncherLocator.jar(classpath, "junit-jupiter-api").isPresent()
            ? " (it has junit-jupiter-api: declare junit-jupiter or junit-jupiter-engine)"
            : "";
    throw new UnsupportedProjectException(
        "no supported test framework on the test classpath of "
            + root
            + hint
            + ": need the JUnit Jupiter engine, the JUnit vintage engine or JUnit 4");
  }

  private boolean fetchLauncher(String version) {
    return withLog(
        log ->
            runner
                .run(
                    MavenCommand.of(
                        root,
                        "-q",
                        MavenCommand.DEPENDENCY_PLUGIN + ":get",
                        "-Dartifact=org.junit.platform:junit-platform-launcher:" + version,
                        "-Dtransitive=false"),
                    root,
                    Map.of(),
                    FETCH_TIMEOUT,
                    log,
                    runner.sandbox().allowsResolve())
                .succeeded());
  }

  /** A Maven command, offline in a confined sandbox. */
  private List<String> maven(String... args) {
    List<String> command = MavenCommand.of(root, args);
    if (runner.sandbox().offline()) {
      command.add(2, "-o"); // after the executable and -B
    }
    return command;
  }

  /**
   * Runs {@code command}; when it failed for a missing artifact in a confined sandbox that allows
   * resolving, runs {@code resolve} with the network (into the same log) and then {@code command}
   * again, within the same time limit.
   */
  private ProcessResult runResolving(
      List<String> command, List<String> resolve, Duration timeout, Path log) {
    long start = System.nanoTime();
    ProcessResult result = runner.run(command, root, Map.of(), timeout, log);
    Sandbox sandbox = runner.sandbox();
    if (result.timedOut()
        || result.exitCode() == 0
        || !sandbox.confined()
        || !sandbox.allowsResolve()
        || !BuildLog.compilerErrors(log).isEmpty()
        || !BuildLog.missingArtifact(log)) {
      return result;
    }
    ProcessResult resolved = runner.run(resolve, root, Map.of(), left(timeout, start), log, true);
    if (!resolved.succeeded()) {
      return resolved;
    }
    return runner.run(command, root, Map.of(), left(timeout, start), log);
  }

  private static Duration left(Duration timeout, long startNanos) {
    Duration left = timeout.minusNanos(System.nanoTime() - startNanos);
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }

  private void failIfNotCompiling(Path log) {
    List<String> errors = BuildLog.compilerErrors(log);
    if (!errors.isEmpty()) {
      // In a reactor, say which module: the modules depending on it were not built at all.
      String module =
          Reactor.isReactor(root)
              ? BuildLog.moduleNotCompiling(log)
                  .map(m -> " (module " + m + "; the modules that depend on it were not built)")
                  .orElse("")
              : "";
      throw BuildFailedException.doesNotCompile(
          "the project does not compile" + module + ":\n" + String.join("\n", errors));
    }
  }

  private static String errorsOf(ProcessResult result) {
    List<String> errors = BuildLog.errorLines(result.outputTail());
    return errors.isEmpty() ? lastLines(result.outputTail(), 20) : String.join("\n", errors);
  }

  private static String lastLines(String text, int count) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  private static List<Path> existing(Path base, String relative) {
    Path dir = base.resolve(relative).normalize();
    return Files.isDirectory(dir) ? List.of(dir) : List.of();
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private <T> T withLog(Function<Path, T> action) {
    return withTempFile("kintsugi-mvn-", action);
  }

  private <T> T withTempFile(String prefix, Function<Path, T> action) {
    Path file;
    try {
      // Inside the project's own target/, not the system temp dir: a heal killed by a signal
      // cannot run this finally block, but its whole (private) project copy is deleted.
      Path dir = Files.createDirectories(root.resolve("target"));
      file = Files.createTempFile(dir, prefix, ".txt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file", e);
    }
    try {
      return action.apply(file);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit();
      }
    }
  }

  private static String readString(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return String.join("\n", lines.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
