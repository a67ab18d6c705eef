package dev.kintsugi.heal.loop;

/** The repository cannot be healed as given; the message says why in one line (exit code 2). */
final class BadInputException extends Exception {
  private static final long serialVersionUID = 1L;

  BadInputException(String message) {
    super(message);
  }
}
