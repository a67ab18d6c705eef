package dev.kintsugi.runtime.chaos;

/** An activity that did not do what it should: recorded as {@code failed} with this message. */
final class ActivityFailed extends Exception {

  private static final long serialVersionUID = 1L;

  ActivityFailed(String message) {
    super(message);
  }

  ActivityFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
