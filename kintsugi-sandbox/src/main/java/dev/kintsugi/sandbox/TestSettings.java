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
 * @param testMethods {@code class#method} of the test methods the build ran (from its test reports,
 *     invocations of a parameterized or dynamic test folded into their method); a class of {@code
 *     testClasses} without an entry here runs whole
 * @param jvmArgs the test JVM's extra arguments (Surefire's {@code argLine}), properties resolved
 * @param systemProperties Surefire's {@code systemPropertyVariables}
 * @param environment Surefire's {@code environmentVariables}
 * @param workingDirectory Surefire's {@code workingDirectory}; the project root when empty
 */
public record TestSettings(
    List<String> testClasses,
    List<String> testMethods,
    List<String> jvmArgs,
    Map<String, String> systemProperties,
    Map<String, String> environment,
    Optional<Path> workingDirectory) {

  public TestSettings {
    testClasses = List.copyOf(testClasses);
    testMethods = List.copyOf(testMethods);
    jvmArgs = List.copyOf(jvmArgs);
    systemProperties = Map.copyOf(systemProperties);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  /** Nothing known about the build's test run: default naming, no extra JVM settings. */
  public static TestSettings defaults() {
    return new TestSettings(List.of(), List.of(), List.of(), Map.of(), Map.of(), Optional.empty());
  }

  /** These settings with {@code classes} as the build's test classes, run whole. */
  public TestSettings withTestClasses(List<String> classes) {
    return withTests(classes, List.of());
  }

  /** These settings with the build's test classes and, where known, their test methods. */
  public TestSettings withTests(List<String> classes, List<String> methods) {
    return new TestSettings(
        classes, methods, jvmArgs, systemProperties, environment, workingDirectory);
  }
}
