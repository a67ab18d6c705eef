package dev.kintsugi.agent.internal.transport;

import java.util.Locale;

/** What the server answered to one envelope, reduced to what the sender acts on. */
final class Response {
  /** Wait after a 429 that names no delay, as Sentry's SDKs do. */
  static final long DEFAULT_RETRY_AFTER_MILLIS = 60_000;

  final int status;
  final long retryAfterMillis;
  final long rateLimitMillis;

  Response(int status, String retryAfter, String rateLimits) {
    this.status = status;
    this.retryAfterMillis = retryAfter(retryAfter);
    this.rateLimitMillis = errorRateLimit(rateLimits);
  }

  /** {@code Retry-After} in seconds; the default when absent or not a number. */
  static long retryAfter(String header) {
    if (header != null) {
      try {
        double seconds = Double.parseDouble(header.trim());
        if (seconds >= 0) {
          return (long) Math.ceil(seconds * 1000);
        }
      } catch (NumberFormatException e) {
        // An HTTP date: rare from Sentry-compatible servers; take the default.
      }
    }
    return DEFAULT_RETRY_AFTER_MILLIS;
  }

  /**
   * How long {@code X-Sentry-Rate-Limits} ({@code 60:error;default:organization, 10::key}) forbids
   * error events: the longest delay of a group whose categories are empty (all) or include {@code
   * error} or {@code default}; 0 when none.
   */
  static long errorRateLimit(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    long max = 0;
    for (String group : header.split(",")) {
      String[] parts = group.trim().split(":", -1);
      if (parts[0].isBlank()) {
        continue;
      }
      long millis;
      try {
        millis = (long) Math.ceil(Double.parseDouble(parts[0].trim()) * 1000);
      } catch (NumberFormatException e) {
        continue;
      }
      String categories = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "";
      boolean applies = categories.isEmpty();
      for (String c : categories.split(";")) {
        applies |= c.equals("error") || c.equals("default");
      }
      if (applies) {
        max = Math.max(max, millis);
      }
    }
    return max;
  }
}
