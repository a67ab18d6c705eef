package dev.kintsugi.bench.anomaly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes our own labeled corpus in NAB's layout: {@code data/synthetic/NAME.csv} (timestamp,value)
 * and {@code labels/combined_windows.json} / {@code combined_labels.json}. Every series is two
 * weeks of 5-minute points (4,032) from a fixed seed; windows are NAB's: 10% of the file's length
 * split over its anomalies, centred on each labeled point.
 */
final class CorpusGenerator {
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z"); // a Monday
  static final Duration STEP = Duration.ofMinutes(5);
  static final int N = 4032;
  static final int DAY = 288;
  static final int WEEK = 7 * DAY;

  /** One generated series and the indices of its labeled anomalies. */
  record Series(String name, double[] values, int[] anomalies) {}

  interface Shape {
    double value(int i, Random r);
  }

  static List<Series> corpus(long seed) {
    Random pick = new Random(seed);
    List<Series> all = new ArrayList<>();
    int a = at(pick);
    all.add(make("spikes", seed + 1, (i, r) -> 50 + r.nextGaussian() + (i == a ? 7 : 0)
        + (i == a + 600 ? -7 : 0), a, a + 600));
    int b = at(pick);
    all.add(make("level-shift", seed + 2, (i, r) -> 50 + r.nextGaussian() + (i >= b ? 5 : 0), b));
    int c = at(pick);
    all.add(make("leak-drift", seed + 3,
        (i, r) -> 200 + 2 * r.nextGaussian() + (i >= c ? 0.1 * Math.min(i - c, 200) : 0), c));
    int d = at(pick);
    all.add(make("variance-burst", seed + 4,
        (i, r) -> 10 + r.nextGaussian() * (i >= d && i < d + 50 ? 5 : 1), d));
    int e = WEEK + 3 * DAY + DAY / 4 - 12; // a Thursday's daily peak
    all.add(make("daily-dip", seed + 5, (i, r) -> {
      double season = 10 * Math.sin(2 * Math.PI * i / DAY);
      return 100 + r.nextGaussian() + (i >= e && i < e + 24 ? 0 : season);
    }, e));
    int f = WEEK + 5 * DAY + 144; // Saturday 12:00 of the second week
    all.add(make("weekend-surge", seed + 6, (i, r) -> {
      boolean weekend = (i % WEEK) >= 5 * DAY;
      return (weekend && !(i >= f && i < f + 36) ? 70 : 100)
          + 3 * Math.sin(2 * Math.PI * i / DAY) + r.nextGaussian();
    }, f));
    int g = at(pick);
    all.add(make("latency-lognormal", seed + 7,
        (i, r) -> Math.exp(Math.log(120) + 0.15 * r.nextGaussian()) * (i >= g && i < g + 60 ? 1.6 : 1),
        g));
    int h = at(pick);
    all.add(make("requests-outage", seed + 8, (i, r) -> {
      double rate = 40 + 15 * Math.sin(2 * Math.PI * i / DAY);
      return i >= h && i < h + 20 ? 0 : Math.max(0, Math.round(rate + Math.sqrt(rate) * r.nextGaussian()));
    }, h));
    int k = at(pick);
    double[] ar = new double[1];
    all.add(make("ar1-spike", seed + 9, (i, r) -> {
      ar[0] = 0.9 * ar[0] + r.nextGaussian();
      return 30 + ar[0] + (i == k ? 12 : 0);
    }, k));
    all.add(make("noise-only", seed + 10, (i, r) -> 5 + 0.5 * r.nextGaussian()));
    int m = WEEK + 2 * DAY + 100;
    all.add(make("seasonal-step", seed + 11, (i, r) -> 60 + 8 * Math.sin(2 * Math.PI * i / DAY)
        + r.nextGaussian() + (i >= m && i < m + 400 ? -6 : 0), m, m + 400));
    int s = at(pick);
    all.add(make("sawtooth-leak", seed + 12, (i, r) -> {
      double heap = 300 + 2 * (i % 100) + 3 * r.nextGaussian();
      return heap + (i >= s ? 0.5 * (i - s) : 0);
    }, s));
    return all;
  }

  /** An onset in the second half of the series, away from its end. */
  private static int at(Random pick) {
    return N / 2 + pick.nextInt(N * 2 / 5 - 600);
  }

  private static Series make(String name, long seed, Shape shape, int... anomalies) {
    Random r = new Random(seed);
    double[] values = new double[N];
    for (int i = 0; i < N; i++) {
      values[i] = shape.value(i, r);
    }
    return new Series(name, values, anomalies);
  }

  static Instant time(int i) {
    return START.plus(STEP.multipliedBy(i));
  }

  /** NAB's windows: 10% of the series split over its anomalies, centred on each. */
  static List<int[]> windows(Series s) {
    List<int[]> out = new ArrayList<>();
    if (s.anomalies().length == 0) {
      return out;
    }
    int width = (int) Math.ceil(0.1 * N / s.anomalies().length);
    for (int a : s.anomalies()) {
      out.add(new int[] {Math.max(0, a - width / 2), Math.min(N - 1, a + width / 2)});
    }
    return out;
  }

  static void write(Path root, List<Series> corpus) throws IOException {
    Path data = Files.createDirectories(root.resolve("data/synthetic"));
    Path labels = Files.createDirectories(root.resolve("labels"));
    Map<String, List<String>> windows = new LinkedHashMap<>();
    Map<String, List<String>> points = new LinkedHashMap<>();
    for (Series s : corpus) {
      StringBuilder csv = new StringBuilder("timestamp,value\n");
      for (int i = 0; i < N; i++) {
        csv.append(STAMP.format(time(i))).append(',')
            .append(String.format(Locale.ROOT, "%.4f", s.values()[i])).append('\n');
      }
      String key = "synthetic/" + s.name() + ".csv";
      Files.writeString(data.resolve(s.name() + ".csv"), csv);
      List<String> w = new ArrayList<>();
      for (int[] win : windows(s)) {
        w.add("[\"" + STAMP.format(time(win[0])) + "\", \"" + STAMP.format(time(win[1])) + "\"]");
      }
      windows.put(key, w);
      List<String> p = new ArrayList<>();
      for (int an : s.anomalies()) {
        p.add("\"" + STAMP.format(time(an)) + "\"");
      }
      points.put(key, p);
    }
    Files.writeString(labels.resolve("combined_windows.json"), json(windows));
    Files.writeString(labels.resolve("combined_labels.json"), json(points));
  }

  private static String json(Map<String, List<String>> map) {
    StringBuilder out = new StringBuilder("{\n");
    int n = 0;
    for (var e : map.entrySet()) {
      out.append("    \"").append(e.getKey()).append("\": [")
          .append(String.join(", ", e.getValue())).append(']')
          .append(++n < map.size() ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }
}
