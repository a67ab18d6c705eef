package dev.kintsugi.server.web;

import java.time.Duration;

/** A length of time as people read it: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
final class Elapsed {
  private Elapsed() {}

  static String of(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    if (s < 86_400) {
      return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
    return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
  }
}
