package dev.kintsugi.sandbox.maven;

import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.UnsupportedProjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the {@code junit-platform-launcher} jar matching a project's JUnit Platform. Projects
 * rarely declare it (Surefire fetches it), so it is looked up next to the project's {@code
 * junit-platform-engine} in the local repository and fetched with Maven when missing.
 */
final class LauncherLocator {

  private static final String ENGINE = "junit-platform-engine";
  private static final String LAUNCHER = "junit-platform-launcher";

  private LauncherLocator() {}

  /**
   * @param fetch downloads {@code org.junit.platform:junit-platform-launcher:<version>} into the
   *     local repository; returns false when that failed
   */
  static Path locate(List<Path> classpath, Predicate<String> fetch) {
    Optional<Path> declared = jar(classpath, LAUNCHER);
    if (declared.isPresent()) {
      return declared.get();
    }
    Path engine =
        jar(classpath, ENGINE)
            .orElseThrow(
                () ->
                    new UnsupportedProjectException(
                        "the test classpath has a JUnit Platform engine but no "
                            + ENGINE
                            + " jar"));
    String version = version(engine, ENGINE);
    Path launcher = inRepository(engine, version);
    if (!Files.isRegularFile(launcher) && !fetch.test(version)) {
      throw new BuildFailedException(
          "cannot fetch org.junit.platform:" + LAUNCHER + ":" + version + " with Maven");
    }
    if (!Files.isRegularFile(launcher)) {
      throw new BuildFailedException(
          "Maven fetched " + LAUNCHER + " " + version + " but it is not at " + launcher);
    }
    return launcher;
  }

  /** The launcher's place in the local repository the engine jar was resolved from. */
  private static Path inRepository(Path engine, String version) {
    Path versionDir = engine.getParent();
    Path artifactDir = versionDir == null ? null : versionDir.getParent();
    Path repositoryGroup =
        artifactDir != null && artifactDir.getFileName().toString().equals(ENGINE)
            ? artifactDir.getParent()
            : Path.of(
                System.getProperty("user.home"), ".m2", "repository", "org", "junit", "platform");
    return repositoryGroup
        .resolve(LAUNCHER)
        .resolve(version)
        .resolve(LAUNCHER + "-" + version + ".jar");
  }

  static Optional<Path> jar(List<Path> classpath, String artifactId) {
    return classpath.stream().filter(path -> isJar(path, artifactId)).findFirst();
  }

  /**
   * {@code junit-platform-engine-1.14.1.jar} is the engine's jar; {@code ...-engine-api} is not.
   */
  static boolean isJar(Path path, String artifactId) {
    String name = path.getFileName().toString();
    return name.startsWith(artifactId + "-")
        && name.endsWith(".jar")
        && Character.isDigit(name.charAt(artifactId.length() + 1));
  }

  static String version(Path jar, String artifactId) {
    String name = jar.getFileName().toString();
    return name.substring(artifactId.length() + 1, name.length() - ".jar".length());
  }
}
