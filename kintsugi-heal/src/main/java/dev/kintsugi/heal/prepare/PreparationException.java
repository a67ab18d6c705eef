package dev.kintsugi.heal.prepare;

/** A commit could not be prepared (it does not build, its tests hang): heal it the long way. */
public final class PreparationException extends Exception {

  public PreparationException(String message) {
    super(message);
  }

  public PreparationException(String message, Throwable cause) {
    super(message, cause);
  }
}
