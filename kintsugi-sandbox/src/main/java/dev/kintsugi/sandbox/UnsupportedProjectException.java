package dev.kintsugi.sandbox;

/**
 * The project has a shape the sandbox cannot handle yet (e.g. a reactor none of whose modules ran
 * tests, or a test framework other than JUnit). Stability: public API of the sandbox.
 */
public final class UnsupportedProjectException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnsupportedProjectException(String message) {
    super(message);
  }
}
