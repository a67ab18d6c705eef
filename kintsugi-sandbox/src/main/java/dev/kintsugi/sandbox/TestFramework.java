package dev.kintsugi.sandbox;

/** How a project's tests are run. Stability: public API of the sandbox. */
public enum TestFramework {
  /** JUnit Platform: the Jupiter engine (JUnit 5 and 6) or the vintage engine for JUnit 4. */
  JUNIT_PLATFORM,
  /** Plain JUnit 4 without the JUnit Platform. */
  JUNIT4
}
