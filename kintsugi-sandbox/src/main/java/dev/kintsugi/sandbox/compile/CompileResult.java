package dev.kintsugi.sandbox.compile;

/**
 * The result of compiling changed sources. Stability: public API of the sandbox.
 *
 * @param success whether every source compiled (class files were written)
 * @param diagnostics the errors, one per entry as {@code path/File.java:LINE: message} with the
 *     repository-relative path; empty on success
 */
public record CompileResult(boolean success, String diagnostics) {

  public CompileResult {
    diagnostics = diagnostics == null ? "" : diagnostics;
  }
}
