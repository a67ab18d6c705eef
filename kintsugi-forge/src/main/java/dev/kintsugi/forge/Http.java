package dev.kintsugi.forge;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP settings every forge client shares: bounded waits, no redirects (the token stays put).
 */
final class Http {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  static final String USER_AGENT = "kintsugi";

  private Http() {}

  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The most useful words of a failure without an HTTP answer (a refused connection has none). */
  static String causeOf(Throwable failure) {
    Throwable cause = failure;
    String message = null;
    while (cause != null) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      } else if (message == null) {
        message = cause.getClass().getSimpleName();
      }
      if (cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    return message;
  }
}
