package dev.kintsugi.core.reproduce;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a test that reproduces an error seen outside the test suite (in production) into the
 * heal's private workspace, before the first test run. The heal then treats it as a failing test;
 * if it does not fail the way the error did, the heal removes it and goes on with the existing
 * tests.
 */
public interface Reproducer {

  /** Proposes a reproduction test for the exported sources under {@code workspaceRoot}. */
  Attempt prepare(Path workspaceRoot) throws IOException;

  /** Whether a failing outcome of the reproduction test is the original error. */
  boolean reproduces(ReproductionTest test, TestOutcome outcome);

  /**
   * The result of {@link #prepare}: a test, or none, with notes saying what was tried and why it
   * did or did not work, and the error's own stack trace in Java's text form (for fault
   * localization, also when no test could be built).
   */
  record Attempt(Optional<ReproductionTest> test, List<String> notes, String stackTrace) {
    public Attempt {
      Objects.requireNonNull(test, "test");
      notes = List.copyOf(notes);
      stackTrace = stackTrace == null ? "" : stackTrace;
    }
  }

  /**
   * A generated test file.
   *
   * @param file path relative to the project root, e.g. {@code src/test/java/a/ReproTest.java}
   * @param source the file's content
   * @param id the test method that reproduces the error
   * @param description one line: which call, which exception, where
   * @param error the reproduced error in a few words, e.g. {@code NullPointerException in
   *     Cart.total}: the fix commit's subject
   */
  record ReproductionTest(String file, String source, TestId id, String description, String error) {
    public ReproductionTest {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(error, "error");
      if (file.startsWith("/") || file.contains("..")) {
        throw new IllegalArgumentException("reproduction test path must stay inside: " + file);
      }
    }

    /** Whether {@code outcome} is this test's (an invocation of it counts). */
    public boolean reports(TestOutcome outcome) {
      return outcome.id().className().equals(id.className())
          && outcome.id().baseMethodName().equals(id.methodName());
    }
  }
}
