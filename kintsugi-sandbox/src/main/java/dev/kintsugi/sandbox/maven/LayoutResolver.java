package dev.kintsugi.sandbox.maven;

import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.TestFramework;
import dev.kintsugi.sandbox.UnsupportedProjectException;
import dev.kintsugi.sandbox.process.ProcessResult;
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
import java.util.stream.Stream;

/**
 * Resolves a Maven project's {@link ProjectLayout} (see {@link MavenProject#resolveLayout}): which
 * module is tested, its sources, classes and test classpath, its test framework and the tests the
 * build ran.
 */
final class LayoutResolver {

  private final Path root;
  private final MavenRunner maven;

  LayoutResolver(Path root, MavenRunner maven) {
    this.root = root;
    this.maven = maven;
  }

  /**
   * @param lastTestsRun what the last test run ran, or null to read the reports on disk
   */
  ProjectLayout resolve(Duration timeout, TestsRun lastTestsRun) {
    if (!Reactor.isReactor(root)) {
      return layoutOf(
          PomFile.read(root.resolve("pom.xml")), root, List.of(), List.of(), timeout, lastTestsRun);
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
        timeout,
        lastTestsRun);
  }

  private ProjectLayout layoutOf(
      PomFile pom,
      Path moduleDir,
      List<Path> upstreamDirs,
      List<String> selection,
      Duration timeout,
      TestsRun lastTestsRun) {
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
    return maven.withTempFile(
        "kintsugi-classpath-",
        classpathFile ->
            maven.withLog(
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
                      maven.runResolving(
                          maven.command(args), MavenCommand.of(root, args), timeout, log);
                  if (result.timedOut()) {
                    throw new BuildFailedException(
                        "mvn test-compile did not finish within " + timeout.toSeconds() + " s");
                  }
                  if (result.exitCode() != 0) {
                    maven.failIfNotCompiling(log);
                    throw new BuildFailedException(
                        "cannot resolve the test classpath with Maven (exit code "
                            + result.exitCode()
                            + "):\n"
                            + MavenRunner.errorsOf(result));
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
    return maven.fetch("org.junit.platform:junit-platform-launcher:" + version);
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

  private static String readString(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return String.join("\n", lines.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
