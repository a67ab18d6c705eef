package dev.kintsugi.forge;

/**
 * A forge or git remote refused or failed. The message is one line naming the forge, the call and
 * the cause (with the forge's own words, cleaned), e.g. "GitHub refused the token (401
 * Unauthorized) opening a pull request on acme/shop: check KINTSUGI_FORGE_TOKEN". It never contains
 * the token, and no library exception is attached as cause, since their messages may carry URLs
 * with credentials.
 */
public final class ForgeException extends java.io.IOException {

  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param message one clean line, free of secrets
   * @param status the HTTP status the forge answered, or 0 if there was none
   */
  public ForgeException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** A failure without an HTTP status (bad input, git, unreachable forge). */
  public ForgeException(String message) {
    this(message, 0);
  }

  /** The HTTP status the forge answered, or 0 (no answer, or not an HTTP call). */
  public int status() {
    return status;
  }
}
