package dev.kintsugi.sandbox.confine;

/**
 * The sandbox a policy requires cannot be set up (bubblewrap is missing or does not work here). The
 * message says what is missing and how to install it. Stability: public API of the sandbox.
 */
public final class SandboxUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SandboxUnavailableException(String message) {
    super(message);
  }
}
