package dev.kintsugi.sandbox;

/**
 * The project's build failed before its tests could run: it does not compile, or the build tool
 * could not resolve or run it. The message says why in a form fit for a report. Stability: public
 * API of the sandbox.
 */
public final class BuildFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BuildFailedException(String message) {
    super(message);
  }
}
