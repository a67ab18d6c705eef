package dev.kintsugi.server.web;

import io.javalin.http.HttpStatus;

/** A dashboard request that cannot be served; the message is shown to the person, as text. */
final class WebError extends RuntimeException {
  private final HttpStatus status;

  WebError(HttpStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  HttpStatus status() {
    return status;
  }
}
