package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.runtime.diagnose.SeriesHistory.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scraped series made up for a test, one point every {@link #STEP_SECONDS} s for 30 min up to
 * {@link #ONSET}: {@code shop/db_pool_active} (noise around 10 that steps up by 30 at {@link
 * #POOL_STEP}), {@code shop/http_errors} (follows the pool two scrapes later, so it steps at index
 * {@link #POOL_STEP} + 2) and {@code shop/jvm_threads} (noise and a slow wave, unrelated).
 */
final class SyntheticSeries implements SeriesHistory {
  static final Instant ONSET = Instant.parse("2025-03-01T12:30:00Z");
  static final int STEP_SECONDS = 10;
  static final int POINTS = 181;
  static final int POOL_STEP = 170;
  static final String POOL = "shop/db_pool_active";
  static final String ERRORS = "shop/http_errors";
  static final String THREADS = "shop/jvm_threads";

  final Map<String, List<Point>> series = new LinkedHashMap<>();

  SyntheticSeries(long seed) {
    Random random = new Random(seed);
    double[] pool = new double[POINTS];
    double noise = 0;
    for (int t = 0; t < POINTS; t++) {
      noise = 0.5 * noise + random.nextGaussian();
      pool[t] = 10 + noise + (t >= POOL_STEP ? 30 : 0);
    }
    List<Point> poolPoints = new ArrayList<>();
    List<Point> errors = new ArrayList<>();
    List<Point> threads = new ArrayList<>();
    for (int t = 0; t < POINTS; t++) {
      Instant at = at(t);
      poolPoints.add(new Point(at, pool[t]));
      double led = t >= 2 ? pool[t - 2] - 10 : 0;
      errors.add(new Point(at, 2 + 0.8 * led + 0.5 * random.nextGaussian()));
      threads.add(new Point(at, 50 + 3 * Math.sin(t / 9.0) + random.nextGaussian()));
    }
    series.put(POOL, poolPoints);
    series.put(ERRORS, errors);
    series.put(THREADS, threads);
  }

  static Instant at(int index) {
    return ONSET.minusSeconds((long) (POINTS - 1 - index) * STEP_SECONDS);
  }

  @Override
  public List<Point> points(String project, String name, Instant from, Instant to) {
    return series.getOrDefault(name, List.of()).stream()
        .filter(p -> !p.at().isBefore(from) && !p.at().isAfter(to))
        .toList();
  }

  @Override
  public List<String> seriesOf(String project) {
    return "shop".equals(project) ? List.copyOf(series.keySet()) : List.of();
  }
}
