package dev.kintsugi.server.ingest;

import java.util.Optional;

/**
 * Finds the DSN public key of a request: the {@code sentry_key} of an {@code X-Sentry-Auth} header
 * ({@code Sentry sentry_key=..., sentry_version=7, ...}), of an {@code Authorization: Sentry ...}
 * header, or the {@code sentry_key} query parameter.
 */
final class SentryAuth {
  private SentryAuth() {}

  static Optional<String> key(String xSentryAuth, String authorization, String queryKey) {
    for (String header : new String[] {xSentryAuth, authorization}) {
      Optional<String> key = fromHeader(header);
      if (key.isPresent()) {
        return key;
      }
    }
    return Optional.ofNullable(queryKey).map(String::trim).filter(k -> !k.isEmpty());
  }

  static Optional<String> fromHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    if (h.regionMatches(true, 0, "Sentry ", 0, 7)) {
      h = h.substring(7);
    }
    for (String part : h.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equals("sentry_key")) {
        String value = p.substring(eq + 1).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
