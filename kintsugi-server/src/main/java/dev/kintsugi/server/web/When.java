package dev.kintsugi.server.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A moment as a page shows it, for {@code <time datetime="iso">}: to the second in UTC, and how
 * long ago.
 *
 * @param iso ISO-8601, exact
 * @param exact {@code 2026-03-01 14:05:09 UTC}
 * @param ago {@code 3 min ago} ({@link Ago})
 */
record When(String iso, String exact, String ago) {
  private static final DateTimeFormatter EXACT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  static When of(Instant at, Instant now) {
    return new When(at.toString(), EXACT.format(at), Ago.of(at, now));
  }

  /** Without how long ago: for live parts that must not change as time passes. */
  static When exact(Instant at) {
    return new When(at.toString(), EXACT.format(at), "");
  }
}
