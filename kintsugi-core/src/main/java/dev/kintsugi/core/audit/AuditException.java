package dev.kintsugi.core.audit;

/** An audit entry could not be made durable; the action it recorded must not go ahead. */
public final class AuditException extends RuntimeException {

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }

  public AuditException(String message) {
    super(message);
  }
}
