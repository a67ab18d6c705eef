package dev.kintsugi.runtime.diagnose;

import java.time.Duration;
import java.util.Locale;

/** Numbers and durations as evidence states them: "40 s", "3 min", "F=12.3 p=0.001". */
final class Spoken {
  private Spoken() {}

  static String duration(Duration d) {
    long s = Math.abs(d.toSeconds());
    if (s < 120) {
      return s + " s";
    }
    if (s < 120 * 60) {
      return Math.round(s / 60.0) + " min";
    }
    return Math.round(s / 3600.0) + " h";
  }

  static String p(double p) {
    return p < 0.001 ? "p<0.001" : String.format(Locale.ROOT, "p=%.3f", p);
  }

  static String f(double f) {
    return String.format(Locale.ROOT, "F=%.1f", f);
  }

  static String score(double score) {
    return String.format(Locale.ROOT, "%.2f", score);
  }
}
