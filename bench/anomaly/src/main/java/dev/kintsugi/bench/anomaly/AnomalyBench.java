package dev.kintsugi.bench.anomaly;

import dev.kintsugi.runtime.detect.Detector;
import dev.kintsugi.runtime.detect.Detectors;
import dev.kintsugi.runtime.detect.NabCsv;
import dev.kintsugi.runtime.detect.SeriesPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the corpus into {@code OUT_DIR} (or scores an existing NAB-layout corpus with {@code
 * --corpus DIR}), runs every detector and the baselines on every file, and prints the NAB
 * standard-profile score per detector: threshold optimised per detector over the whole corpus,
 * normalised so that the null detector scores 0 and a perfect one 100.
 *
 * <p>Usage: {@code AnomalyBench OUT_DIR [--corpus DIR]}
 */
public final class AnomalyBench {
  private static final Pattern ENTRY = Pattern.compile("\"([^\"]+\\.csv)\"\\s*:\\s*\\[((?:\\s*\\[[^\\]]*\\]\\s*,?)*)\\s*\\]");
  private static final Pattern PAIR = Pattern.compile("\\[\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"\\s*\\]");

  record File(String key, List<SeriesPoint> points, List<int[]> windows) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path corpus = out.resolve("corpus");
    if (args.length > 2 && args[1].equals("--corpus")) {
      corpus = Path.of(args[2]);
    } else {
      CorpusGenerator.write(corpus, CorpusGenerator.corpus(2015));
    }
    List<File> files = load(corpus);
    int windows = 0;
    for (File f : files) {
      windows += NabScorer.scoredWindows(f.points().size(), f.windows());
    }
    System.out.printf(Locale.ROOT, "corpus: %s, %d files, %d scored windows%n", corpus, files.size(), windows);
    System.out.printf(Locale.ROOT, "%-14s %8s %14s %9s%n", "detector", "NAB std", "threshold", "ms");
    List<String> rows = new ArrayList<>(Detectors.names());
    rows.add("random");
    rows.add("null");
    rows.add("perfect");
    for (String name : rows) {
      long t0 = System.nanoTime();
      List<double[]> scores = new ArrayList<>();
      for (File f : files) {
        scores.add(scores(name, f));
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      double[] best = optimise(files, scores);
      double normalised = 100 * (best[1] + windows) / (2.0 * windows); // null = −W, perfect = +W
      System.out.printf(Locale.ROOT, "%-14s %8.1f %14.10f %9d%n", name, normalised, best[0], ms);
    }
  }

  private static double[] scores(String name, File f) {
    int n = f.points().size();
    double[] s = new double[n];
    switch (name) {
      case "random" -> {
        Random r = new Random(f.key().hashCode());
        for (int i = 0; i < n; i++) {
          s[i] = r.nextDouble();
        }
      }
      case "null" -> {}
      case "perfect" -> {
        for (int[] w : f.windows()) {
          s[w[0]] = 1;
        }
      }
      default -> {
        Detector d = Detectors.create(name);
        s = NabCsv.score(d, f.points());
      }
    }
    return s;
  }

  /** The threshold with the best total raw score over the corpus: {threshold, raw score}. */
  private static double[] optimise(List<File> files, List<double[]> scores) {
    // Candidates: the corpus's distinct scores, every one of the highest 300 and then every
    // 1/400th by rank (NAB sweeps all of them; this is the same optimum to within a rank step).
    double[] all = scores.stream().flatMapToDouble(java.util.Arrays::stream).distinct().sorted().toArray();
    List<Double> candidates = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      if (all.length - i <= 300 || i % Math.max(1, all.length / 400) == 0) {
        candidates.add(all[i]);
      }
    }
    candidates.add(Double.POSITIVE_INFINITY); // detects nothing: the null score
    double[] best = {Double.NaN, Double.NEGATIVE_INFINITY};
    for (double th : candidates) {
      double total = 0;
      for (int k = 0; k < files.size(); k++) {
        total += NabScorer.score(scores.get(k), files.get(k).windows(), th);
      }
      if (total > best[1]) {
        best = new double[] {th, total};
      }
    }
    return best;
  }

  private static List<File> load(Path corpus) throws Exception {
    String json = Files.readString(corpus.resolve("labels/combined_windows.json"));
    Map<String, List<Instant[]>> labels = new LinkedHashMap<>();
    Matcher m = ENTRY.matcher(json);
    while (m.find()) {
      List<Instant[]> pairs = new ArrayList<>();
      Matcher p = PAIR.matcher(m.group(2));
      while (p.find()) {
        pairs.add(new Instant[] {parse(p.group(1)), parse(p.group(2))});
      }
      labels.put(m.group(1), pairs);
    }
    List<File> files = new ArrayList<>();
    for (var e : labels.entrySet()) {
      List<SeriesPoint> points = NabCsv.read(corpus.resolve("data").resolve(e.getKey()));
      List<int[]> windows = new ArrayList<>();
      for (Instant[] w : e.getValue()) {
        windows.add(new int[] {index(points, w[0]), index(points, w[1])});
      }
      files.add(new File(e.getKey(), points, windows));
    }
    return files;
  }

  private static Instant parse(String stamp) {
    String s = stamp.length() > 19 ? stamp.substring(0, 19) : stamp; // NAB adds .000000
    return Instant.parse(s.replace(' ', 'T') + "Z");
  }

  private static int index(List<SeriesPoint> points, Instant at) {
    for (int i = 0; i < points.size(); i++) {
      if (!points.get(i).at().isBefore(at)) {
        return i;
      }
    }
    return points.size() - 1;
  }
}
