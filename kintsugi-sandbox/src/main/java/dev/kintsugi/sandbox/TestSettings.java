package dev.kintsugi.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the project's own build runs its tests, so that the fast path runs the same tests the same
 * way. Stability: public API of the sandbox.
 *
 * @param testClasses binary names of the test classes the build ran (from its test reports); empty
 *     when unknown, and then Surefire's default naming rule picks them
 * @param jvmArgs the test JVM's extra arguments (Surefire's {@code argLine}), properties resolved
 * @param systemProperties Surefire's {@code systemPropertyVariables}
 * @param environment Surefire's {@code environmentVariables}
 * @param workingDirectory Surefire's {@code workingDirectory}; the project root when empty
 */
public record TestSettings(
    List<String> testClasses,
    List<String> jvmArgs,
    Map<String, String> systemProperties,
    Map<String, String> environment,
    Optional<Path> workingDirectory) {

  public TestSettings {
    testClasses = List.copyOf(testClasses);
    jvmArgs = List.copyOf(jvmArgs);
    systemProperties = Map.copyOf(systemProperties);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  /** Nothing known about the build's test run: default naming, no extra JVM settings. */
  public static TestSettings defaults() {
    return new TestSettings(List.of(), List.of(), Map.of(), Map.of(), Optional.empty());
  }

  /** These settings with {@code classes} as the build's test classes. */
  public TestSettings withTestClasses(List<String> classes) {
    return new TestSettings(classes, jvmArgs, systemProperties, environment, workingDirectory);
  }
}
