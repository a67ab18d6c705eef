package dev.kintsugi.worker;

import java.util.regex.Pattern;

/**
 * Which classes count as test classes: Surefire's default includes ({@code Test*}, {@code *Test},
 * {@code *Tests}, {@code *TestCase}) and excludes (nested classes), so the worker runs the tests
 * {@code mvn test} runs.
 */
final class TestClassNames {

  private static final Pattern INCLUDED =
      Pattern.compile("(?:.*\\.)?(?:Test[^.$]*|[^.$]*Test|[^.$]*Tests|[^.$]*TestCase)");

  private TestClassNames() {}

  static boolean isTestClass(String binaryName) {
    return INCLUDED.matcher(binaryName).matches();
  }

  /** The same rule as a regular expression for JUnit Platform's class name filter. */
  static String pattern() {
    return INCLUDED.pattern();
  }
}
