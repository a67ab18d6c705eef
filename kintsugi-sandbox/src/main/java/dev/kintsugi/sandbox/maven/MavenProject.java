package dev.kintsugi.sandbox.maven;

import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.TestSettings;
import dev.kintsugi.sandbox.UnsupportedProjectException;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.process.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

  /** Surefire runs, but matches no test: resolves its provider without running project tests. */
  private static final String[] RESOLVE_TEST_RUN = {
    "-Dtest=*#kintsugiResolveOnly__",
    "-Dsurefire.failIfNoSpecifiedTests=false",
    "-DfailIfNoTests=false",
    "-Dmaven.test.failure.ignore=true",
    "test"
  };

  private final Path root;
  private final MavenRunner maven;

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
    this.maven = new MavenRunner(this.root, sandbox);
  }

  /** How many Java sources the project holds (stops counting past the quick-build limit). */
  private long javaSources() {
    try (java.util.stream.Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".java"))
          .limit(QUICK_MAX_SOURCES + 1L)
          .count();
    } catch (java.io.IOException e) {
      return Long.MAX_VALUE;
    }
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
    return runTests(testCmd, timeout, false);
  }

  /**
   * Runs the project's tests to confirm a fix: as {@link #runTests(Optional, Duration)}, but
   * without resolving the test classpath (nothing reads it afterwards), and, for a small project,
   * with Maven's own JVM tuned for a short run (C1 only, serial GC: {@link #QUICK_JVM}). The
   * project's test JVMs keep their own settings.
   */
  public TestRunResult confirmTests(Optional<String> testCmd, Duration timeout) {
    return runTests(testCmd, timeout, true);
  }

  /**
   * Maven's JVM for short builds: most of a small build's time is the JVM warming up, which the C2
   * compiler only slows (measured on the demo's service: {@code mvn test} 5.4–6.1 s → 3.9–4.1 s). A
   * large compile does better with C2, so it is kept for projects past {@link #QUICK_MAX_SOURCES}
   * Java sources.
   */
  static final String QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  static final int QUICK_MAX_SOURCES = 400;

  private TestRunResult runTests(Optional<String> testCmd, Duration timeout, boolean confirming) {
    SurefireReports.deleteAll(root);
    RunClasspaths.deleteAll(root);
    List<String> testRun =
        new ArrayList<>(
            List.of(
                "-Dmaven.test.failure.ignore=true",
                "-Dsurefire.printSummary=true",
                "-DtrimStackTrace=false",
                "test"));
    if (!confirming) {
      testRun.addAll(RunClasspaths.goal());
    }
    java.util.Map<String, String> env =
        confirming && javaSources() <= QUICK_MAX_SOURCES
            ? java.util.Map.of(
                "MAVEN_OPTS",
                (System.getenv().getOrDefault("MAVEN_OPTS", "") + " " + QUICK_JVM).strip())
            : java.util.Map.of();
    List<String> resolve = new ArrayList<>(List.of(RESOLVE_TEST_RUN));
    resolve.addAll(RunClasspaths.goal());
    List<String> command =
        testCmd
            .map(cmd -> List.of("sh", "-c", cmd))
            .orElseGet(() -> maven.command(testRun.toArray(String[]::new)));
    return maven.withLog(
        log -> {
          ProcessResult result =
              maven.runResolving(
                  command,
                  MavenCommand.of(root, resolve.toArray(String[]::new)),
                  env,
                  timeout,
                  log);
          List<TestOutcome> outcomes = SurefireReports.read(root);
          Set<String> crashed = Set.of();
          if (!result.timedOut() && result.exitCode() != 0) {
            maven.failIfNotCompiling(log);
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
                      + MavenRunner.errorsOf(result));
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
    return new LayoutResolver(root, maven).resolve(timeout, lastTestsRun);
  }
}
