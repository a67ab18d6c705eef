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
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
    List<String> command =
        testCmd
            .map(cmd -> List.of("sh", "-c", cmd))
            .orElseGet(
                () ->
                    maven(
                        "-Dmaven.test.failure.ignore=true",
                        "-Dsurefire.printSummary=true",
                        "-DtrimStackTrace=false",
                        "test"));
    return withLog(
        log -> {
          ProcessResult result =
              runResolving(command, MavenCommand.of(root, RESOLVE_TEST_RUN), timeout, log);
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
   * Compiles the project and its tests with Maven and resolves its layout and test classpath.
   * Supports single-module projects with the standard directory layout. The layout's {@link
   * TestSettings} name the test classes of the last {@link #runTests} (its Surefire reports: the
   * build, not a naming rule, decides what a test is) and carry the POM's Surefire settings.
   *
   * @throws UnsupportedProjectException for a multi-module project or one without JUnit
   * @throws BuildFailedException when the project does not compile or Maven fails or times out
   */
  public ProjectLayout resolveLayout(Duration timeout) {
    PomFile pom = PomFile.read(root.resolve("pom.xml"));
    if (pom.packaging().equals("pom") || pom.moduleCount() > 0) {
      throw new UnsupportedProjectException(
          "multi-module Maven projects (packaging pom) are not supported yet: "
              + root.resolve("pom.xml"));
    }
    List<Path> classpath = resolveClasspath(timeout);
    TestFramework framework = framework(classpath);
    Optional<Path> launcher =
        framework == TestFramework.JUNIT_PLATFORM
            ? Optional.of(LauncherLocator.locate(classpath, this::fetchLauncher))
            : Optional.empty();
    Path mainClasses = root.resolve("target/classes");
    TestsRun testsRun =
        lastTestsRun != null ? lastTestsRun : TestsRun.of(SurefireReports.read(root), Set.of());
    return new ProjectLayout(
        root,
        existing(pom.sourceDirectory().orElse("src/main/java")),
        existing(pom.testSourceDirectory().orElse("src/test/java")),
        mainClasses,
        root.resolve("target/test-classes"),
        classpath,
        framework,
        launcher,
        JavaRelease.of(mainClasses, pom),
        SurefireConfig.read(root, pom).withTests(testsRun.classes(), testsRun.methods()));
  }

  private List<Path> resolveClasspath(Duration timeout) {
    return withTempFile(
        "kintsugi-classpath-",
        classpathFile ->
            withLog(
                log -> {
                  String[] args = {
                    "-q",
                    "test-compile",
                    MavenCommand.DEPENDENCY_PLUGIN + ":build-classpath",
                    "-Dmdep.outputFile=" + classpathFile,
                    "-Dmdep.includeScope=test"
                  };
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
                  String text = readString(classpathFile).strip();
                  return text.isEmpty()
                      ? List.<Path>of()
                      : Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList();
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

  private static void failIfNotCompiling(Path log) {
    List<String> errors = BuildLog.compilerErrors(log);
    if (!errors.isEmpty()) {
      throw new BuildFailedException("the project does not compile:\n" + String.join("\n", errors));
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

  private List<Path> existing(String relative) {
    Path dir = root.resolve(relative).normalize();
    return Files.isDirectory(dir) ? List.of(dir) : List.of();
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
