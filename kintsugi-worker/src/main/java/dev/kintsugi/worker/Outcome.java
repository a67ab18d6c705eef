package dev.kintsugi.worker;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;

/**
 * How one test method ended, with all its invocations (a parameterized method passes only when all
 * pass). Status names match the sandbox's {@code TestStatus}.
 */
record Outcome(String status, String exceptionType, String message, String stackTrace) {

  static final String PASSED = "PASSED";
  static final String FAILED = "FAILED";
  static final String ERROR = "ERROR";
  static final String SKIPPED = "SKIPPED";
  static final String TIMEOUT = "TIMEOUT";

  private static final Set<String> VM_ERRORS =
      Set.of(
          "java.lang.StackOverflowError",
          "java.lang.OutOfMemoryError",
          "java.lang.InternalError",
          "java.lang.UnknownError");

  Outcome {
    exceptionType = exceptionType == null ? "" : exceptionType;
    message = message == null ? "" : message;
    stackTrace = stackTrace == null ? "" : stackTrace;
  }

  static Outcome passed() {
    return new Outcome(PASSED, "", "", "");
  }

  static Outcome skipped(String reason) {
    return new Outcome(SKIPPED, "", reason, "");
  }

  static Outcome error(String message) {
    return new Outcome(ERROR, "", message, "");
  }

  /** Assertion errors are test failures; anything else thrown is an error, as Surefire reports. */
  static Outcome thrown(Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    return new Outcome(
        thrown instanceof AssertionError ? FAILED : ERROR,
        thrown.getClass().getName(),
        thrown.getMessage(),
        trace.toString());
  }

  /**
   * Whether the test ended with an error of the virtual machine itself (stack overflow, internal
   * error): classes being initialized at that moment may be left unusable, so the JVM should not
   * run anything else.
   */
  boolean isVirtualMachineError() {
    return VM_ERRORS.contains(exceptionType);
  }

  boolean isFailure() {
    return status.equals(FAILED) || status.equals(ERROR) || status.equals(TIMEOUT);
  }
}
