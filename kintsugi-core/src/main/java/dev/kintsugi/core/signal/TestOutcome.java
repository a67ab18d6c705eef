package dev.kintsugi.core.signal;

import java.util.Objects;

/**
 * The result of one test: status, duration and, for failures, the exception type, message and stack
 * trace exactly as the test framework reported them (untrusted text: never interpreted beyond
 * parsing frames).
 */
public record TestOutcome(
    TestId id,
    TestStatus status,
    long millis,
    String exceptionType,
    String message,
    String stackTrace) {

  public TestOutcome {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    exceptionType = exceptionType == null ? "" : exceptionType;
    message = message == null ? "" : message;
    stackTrace = stackTrace == null ? "" : stackTrace;
  }

  public static TestOutcome passed(TestId id, long millis) {
    return new TestOutcome(id, TestStatus.PASSED, millis, "", "", "");
  }

  public boolean failed() {
    return status.isFailure();
  }
}
