package dev.kintsugi.server.web;

import java.time.Duration;
import java.time.Instant;

/** A time as people read it in a list: "just now", "3 min ago", "2 h ago", "5 d ago". */
final class Ago {
  private Ago() {}

  static String of(Instant at, Instant now) {
    long s = Math.max(0, Duration.between(at, now).toSeconds());
    if (s < 5) {
      return "just now";
    }
    if (s < 60) {
      return s + " s ago";
    }
    if (s < 3600) {
      return s / 60 + " min ago";
    }
    if (s < 86_400) {
      return s / 3600 + " h ago";
    }
    return s / 86_400 + " d ago";
  }
}
