package dev.kintsugi.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a built project keeps its sources and classes, and what its tests need to run. Produced by
 * a build tool adapter such as {@code MavenProject.resolveLayout}; consumed by the compiler and the
 * test executor. Stability: public API of the sandbox.
 *
 * @param root the project's root directory (a reactor's root for a module of a multi-module build):
 *     file paths of candidates and diagnoses are relative to it
 * @param mainSourceRoots directories of main Java sources (e.g. {@code src/main/java}); in a
 *     reactor those of the tested module and of the sibling modules it depends on
 * @param testSourceRoots directories of test Java sources
 * @param mainClasses compiled main classes (of the tested module)
 * @param testClasses compiled test classes (of the tested module)
 * @param classpath the test classpath's dependencies (jars and directories), without the two class
 *     directories
 * @param framework the test framework the tests run with
 * @param platformLauncherJar {@code junit-platform-launcher} matching the project's platform
 *     version, present for {@link TestFramework#JUNIT_PLATFORM}
 * @param javaRelease the Java release the project compiles for ({@code --release})
 * @param testSettings which tests the build runs, and with which JVM settings
 * @param baseDir the directory of the module whose tests run (Surefire's {@code basedir}); {@code
 *     root} for a single-module project
 * @param upstreamClasses compiled main classes of the sibling modules the tested module depends on
 *     (also on {@code classpath}): their lines are covered and they may be repaired
 */
public record ProjectLayout(
    Path root,
    List<Path> mainSourceRoots,
    List<Path> testSourceRoots,
    Path mainClasses,
    Path testClasses,
    List<Path> classpath,
    TestFramework framework,
    Optional<Path> platformLauncherJar,
    int javaRelease,
    TestSettings testSettings,
    Path baseDir,
    List<Path> upstreamClasses) {

  /** A single-module project's layout. */
  public ProjectLayout(
      Path root,
      List<Path> mainSourceRoots,
      List<Path> testSourceRoots,
      Path mainClasses,
      Path testClasses,
      List<Path> classpath,
      TestFramework framework,
      Optional<Path> platformLauncherJar,
      int javaRelease,
      TestSettings testSettings) {
    this(
        root,
        mainSourceRoots,
        testSourceRoots,
        mainClasses,
        testClasses,
        classpath,
        framework,
        platformLauncherJar,
        javaRelease,
        testSettings,
        root,
        List.of());
  }

  /** A layout whose tests run with {@link TestSettings#defaults()}. */
  public ProjectLayout(
      Path root,
      List<Path> mainSourceRoots,
      List<Path> testSourceRoots,
      Path mainClasses,
      Path testClasses,
      List<Path> classpath,
      TestFramework framework,
      Optional<Path> platformLauncherJar,
      int javaRelease) {
    this(
        root,
        mainSourceRoots,
        testSourceRoots,
        mainClasses,
        testClasses,
        classpath,
        framework,
        platformLauncherJar,
        javaRelease,
        TestSettings.defaults());
  }

  public ProjectLayout {
    Objects.requireNonNull(root, "root");
    mainSourceRoots = List.copyOf(mainSourceRoots);
    testSourceRoots = List.copyOf(testSourceRoots);
    Objects.requireNonNull(mainClasses, "mainClasses");
    Objects.requireNonNull(testClasses, "testClasses");
    classpath = List.copyOf(classpath);
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(platformLauncherJar, "platformLauncherJar");
    if (framework == TestFramework.JUNIT_PLATFORM && platformLauncherJar.isEmpty()) {
      throw new IllegalArgumentException("JUnit Platform projects need a platform launcher jar");
    }
    if (javaRelease < 8) {
      throw new IllegalArgumentException("unsupported Java release: " + javaRelease);
    }
    Objects.requireNonNull(testSettings, "testSettings");
    Objects.requireNonNull(baseDir, "baseDir");
    upstreamClasses = List.copyOf(upstreamClasses);
  }

  /** The tested module's main classes, then those of the sibling modules it depends on. */
  public List<Path> allMainClasses() {
    List<Path> all = new java.util.ArrayList<>();
    all.add(mainClasses);
    all.addAll(upstreamClasses);
    return all;
  }
}
