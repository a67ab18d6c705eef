package dev.kintsugi.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which classes count as test classes. The build decides: when the sandbox passes the classes the
 * project's own test run executed (its Surefire reports), exactly those; only without that list
 * Surefire's default includes ({@code Test*}, {@code *Test}, {@code *Tests}, {@code *TestCase}) and
 * excludes (nested classes) apply, a guess that misses projects with their own includes. The list
 * may name methods too ({@code class#method}): then only those methods of the class are tests, as
 * when the build's tag filter or {@code -Dtest=Class#method} left the others out.
 */
final class TestClassNames {

  private static final Pattern INCLUDED =
      Pattern.compile("(?:.*\\.)?(?:Test[^.$]*|[^.$]*Test|[^.$]*Tests|[^.$]*TestCase)");

  private final Path testClasses;
  private final Optional<List<String>> listed;

  /** Per listed class, its listed methods; a class listed bare (runs whole) is absent. */
  private final Map<String, Set<String>> methods;

  private TestClassNames(
      Path testClasses, Optional<List<String>> listed, Map<String, Set<String>> methods) {
    this.testClasses = testClasses;
    this.listed = listed;
    this.methods = methods;
  }

  /** Test classes found in {@code testClasses} by Surefire's default naming rule. */
  static TestClassNames byNaming(Path testClasses) {
    return new TestClassNames(testClasses, Optional.empty(), Map.of());
  }

  /**
   * Exactly the classes (and, where named, methods) the project's build ran; by naming when the
   * list is empty.
   *
   * @param entries {@code class} (all its tests) or {@code class#method}, one test each
   */
  static TestClassNames listed(Path testClasses, List<String> entries) {
    Set<String> classes = new LinkedHashSet<>();
    Set<String> whole = new LinkedHashSet<>();
    Map<String, Set<String>> methods = new LinkedHashMap<>();
    for (String entry : entries) {
      int hash = entry.indexOf('#');
      if (hash < 0) {
        classes.add(entry);
        whole.add(entry);
      } else {
        classes.add(entry.substring(0, hash));
        methods
            .computeIfAbsent(entry.substring(0, hash), c -> new LinkedHashSet<>())
            .add(entry.substring(hash + 1));
      }
    }
    whole.forEach(methods::remove);
    return new TestClassNames(
        testClasses,
        classes.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(classes)),
        Map.copyOf(methods));
  }

  /** Whether the build ran this method of this class (every method of a class run whole). */
  boolean selects(String className, String methodName) {
    Set<String> listedMethods = methods.get(className);
    if (listedMethods != null) {
      return listedMethods.contains(methodName);
    }
    if (listed.isEmpty() || listed.get().contains(className)) {
      return true;
    }
    // A nested class the build did not list comes with its outer class only when that one ran
    // whole (its report may name the nested tests under the outer class).
    int dollar = className.indexOf('$');
    String outer = dollar < 0 ? className : className.substring(0, dollar);
    return listed.get().contains(outer) && !methods.containsKey(outer);
  }

  /** The methods of a class the build ran, when it did not run the class whole. */
  Optional<Set<String>> methodsOf(String className) {
    return Optional.ofNullable(methods.get(className));
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
