package dev.kintsugi.server.ingest;

/**
 * Why a request is refused: the HTTP status, a short machine reason (the {@code reason} label of
 * the rejected-events metric) and a human-readable detail for the response body.
 */
final class Rejection extends RuntimeException {
  private final int status;
  private final String reason;

  Rejection(int status, String reason, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  static Rejection malformed(String detail) {
    return new Rejection(400, "malformed", detail);
  }

  static Rejection tooLarge(String detail) {
    return new Rejection(413, "too_large", detail);
  }
}
