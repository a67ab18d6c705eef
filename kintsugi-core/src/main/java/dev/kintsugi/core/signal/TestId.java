package dev.kintsugi.core.signal;

import java.util.Objects;

/**
 * Identifies one test method: the binary name of its class and the method name. {@link #toString()}
 * gives the {@code Class#method} form used in reports.
 */
public record TestId(String className, String methodName) implements Comparable<TestId> {

  public TestId {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(methodName, "methodName");
    if (className.isBlank()) {
      throw new IllegalArgumentException("test class name is blank");
    }
  }

  /** Parses {@code com.acme.FooTest#bar}; a missing method part yields an empty method name. */
  public static TestId parse(String text) {
    int hash = text.indexOf('#');
    return hash < 0
        ? new TestId(text, "")
        : new TestId(text.substring(0, hash), text.substring(hash + 1));
  }

  /**
   * The method name without the decorations Surefire and JUnit add to the invocations of a
   * parameterized or dynamic test: {@code add(int)[1]} → {@code add}; empty for a pure display name
   * such as {@code [1] x}.
   */
  public String baseMethodName() {
    int cut = methodName.length();
    for (char c : new char[] {'(', '['}) {
      int i = methodName.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return methodName.substring(0, cut).strip();
  }

  @Override
  public String toString() {
    return methodName.isEmpty() ? className : className + "#" + methodName;
  }

  @Override
  public int compareTo(TestId other) {
    return toString().compareTo(other.toString());
  }
}
