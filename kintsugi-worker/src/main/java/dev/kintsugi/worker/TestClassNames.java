package dev.kintsugi.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which classes count as test classes. The build decides: when the sandbox passes the classes the
 * project's own test run executed (its Surefire reports), exactly those; only without that list
 * Surefire's default includes ({@code Test*}, {@code *Test}, {@code *Tests}, {@code *TestCase}) and
 * excludes (nested classes) apply, a guess that misses projects with their own includes.
 */
final class TestClassNames {

  private static final Pattern INCLUDED =
      Pattern.compile("(?:.*\\.)?(?:Test[^.$]*|[^.$]*Test|[^.$]*Tests|[^.$]*TestCase)");

  private final Path testClasses;
  private final Optional<List<String>> listed;

  private TestClassNames(Path testClasses, Optional<List<String>> listed) {
    this.testClasses = testClasses;
    this.listed = listed;
  }

  /** Test classes found in {@code testClasses} by Surefire's default naming rule. */
  static TestClassNames byNaming(Path testClasses) {
    return new TestClassNames(testClasses, Optional.empty());
  }

  /** Exactly the classes the project's build ran; by naming when the list is empty. */
  static TestClassNames listed(Path testClasses, List<String> classNames) {
    return new TestClassNames(
        testClasses,
        classNames.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(classNames)));
  }

  /** The build's own list, when the sandbox passed one. */
  Optional<List<String>> listed() {
    return listed;
  }

  /** The directory of compiled test classes. */
  Path directory() {
    return testClasses;
  }

  /** The test classes' binary names, sorted. */
  List<String> names() throws IOException {
    if (listed.isPresent()) {
      return listed.get().stream().sorted().toList();
    }
    try (Stream<Path> files = Files.walk(testClasses)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".class"))
          .map(file -> testClasses.relativize(file).toString())
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .filter(name -> !name.contains("$"))
          .filter(TestClassNames::isTestClass)
          .sorted()
          .toList();
    }
  }

  static boolean isTestClass(String binaryName) {
    return INCLUDED.matcher(binaryName).matches();
  }

  /** The naming rule as a regular expression for JUnit Platform's class name filter. */
  static String pattern() {
    return INCLUDED.pattern();
  }
}
