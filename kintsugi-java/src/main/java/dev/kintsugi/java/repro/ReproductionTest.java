package dev.kintsugi.java.repro;

import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;
import java.util.Objects;

/**
 * A generated JUnit test that calls the method of a production frame with the arguments captured
 * there. It fails by throwing the production exception itself (no {@code assertThrows}, so the
 * failure carries the real stack trace) and passes once the bug is fixed.
 *
 * @param path where to write the test, relative to the project root, with {@code /} separators
 * @param source the test's full source
 * @param testClass the test class, fully qualified
 * @param testMethod the test method
 * @param targetFrame the frame whose method the test calls
 * @param expectedExceptionType the exception the test should fail with, fully qualified
 * @param expectedThrowSite {@code class.method} (binary class name) of the root cause's in-app
 *     frame nearest the throw; a reproducing failure's trace names it
 * @param notes how the test was built: frames skipped and why, approximations made
 */
public record ReproductionTest(
    String path,
    String source,
    String testClass,
    String testMethod,
    CapturedFrame targetFrame,
    String expectedExceptionType,
    String expectedThrowSite,
    List<String> notes)
    implements ReproductionResult {

  public ReproductionTest {
    requireText(path, "path");
    requireText(source, "source");
    requireText(testClass, "testClass");
    requireText(testMethod, "testMethod");
    Objects.requireNonNull(targetFrame, "targetFrame");
    requireText(expectedExceptionType, "expectedExceptionType");
    requireText(expectedThrowSite, "expectedThrowSite");
    notes = List.copyOf(notes);
  }

  /** The test as the test runner names it. */
  public TestId testId() {
    return new TestId(testClass, testMethod);
  }

  /** Whether {@code outcome}, a run of this test, reproduces the incident. */
  public boolean isReproducedBy(TestOutcome outcome) {
    return ReproductionCheck.reproduces(this, outcome);
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
