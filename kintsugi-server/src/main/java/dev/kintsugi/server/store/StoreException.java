package dev.kintsugi.server.store;

/** Storage failed (the database is unreachable, full or read-only). Unchecked. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
