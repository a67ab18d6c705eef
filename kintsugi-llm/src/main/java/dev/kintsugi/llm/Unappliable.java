package dev.kintsugi.llm;

/**
 * An edit that cannot be applied, with the reason; {@link PatchApplier} turns it into a failed
 * {@link PatchApplier.Result}.
 */
final class Unappliable extends Exception {
  private static final long serialVersionUID = 1L;

  Unappliable(String message) {
    super(message, null, false, false);
  }
}
