package dev.kintsugi.sandbox.workspace;

/** The path given as a repository cannot be healed (not a directory, not a git repository...). */
public final class InvalidRepositoryException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidRepositoryException(String message) {
    super(message);
  }

  public InvalidRepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
