package dev.kintsugi.server.web;

import java.util.List;

/**
 * An event-rate sparkline drawn as an SVG polyline: numbers only, computed here, so nothing an
 * event says reaches the drawing.
 *
 * @param points the polyline's {@code points}, in a {@value #WIDTH}×{@value #HEIGHT} box
 * @param total events in the window
 * @param peak the largest bucket
 */
record Spark(String points, long total, int peak) {
  static final int WIDTH = 96;
  static final int HEIGHT = 20;

  static Spark of(List<Integer> buckets) {
    int peak = buckets.stream().mapToInt(Integer::intValue).max().orElse(0);
    long total = buckets.stream().mapToLong(Integer::longValue).sum();
    StringBuilder points = new StringBuilder();
    int n = buckets.size();
    for (int i = 0; i < n; i++) {
      double x = n == 1 ? 0 : (double) WIDTH * i / (n - 1);
      double y = HEIGHT - 1 - (peak == 0 ? 0 : (HEIGHT - 2.0) * buckets.get(i) / peak);
      if (i > 0) {
        points.append(' ');
      }
      points.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f", x, y));
    }
    return new Spark(points.toString(), total, peak);
  }

  String label() {
    return total + " events in the last 24 hours, at most " + peak + " in one hour";
  }
}
