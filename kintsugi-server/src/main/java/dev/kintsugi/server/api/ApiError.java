package dev.kintsugi.server.api;

/**
 * A REST request that cannot be served; becomes {@code {"error": message}} with the status. Not
 * final: {@link FieldError} is the public kind the dashboard's forms also show.
 */
class ApiError extends RuntimeException {
  private final int status;

  ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
