package dev.kintsugi.core.signal;

/** How one test ended. */
public enum TestStatus {
  PASSED,
  /** An assertion failed. */
  FAILED,
  /** The test threw an unexpected exception. */
  ERROR,
  SKIPPED,
  /** The test did not finish within its time limit. */
  TIMEOUT;

  /** True for outcomes that count as a failing test (failed, error or timeout). */
  public boolean isFailure() {
    return this == FAILED || this == ERROR || this == TIMEOUT;
  }
}
