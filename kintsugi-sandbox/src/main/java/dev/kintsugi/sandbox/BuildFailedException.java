package dev.kintsugi.sandbox;

/**
 * The project's build failed before its tests could run: it does not compile, or the build tool
 * could not resolve or run it. The message says why in a form fit for a report. Stability: public
 * API of the sandbox.
 */
public final class BuildFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean compileErrors;

  public BuildFailedException(String message) {
    this(message, false);
  }

  private BuildFailedException(String message, boolean compileErrors) {
    super(message);
    this.compileErrors = compileErrors;
  }

  /** The project's sources do not compile; {@code message} holds the compiler's errors. */
  public static BuildFailedException doesNotCompile(String message) {
    return new BuildFailedException(message, true);
  }

  /** Whether the build failed on compile errors (rather than on resolving or running the build). */
  public boolean compileErrors() {
    return compileErrors;
  }
}
