package dev.kintsugi.runtime.canary;

import dev.kintsugi.runtime.signal.SeriesNames;
import dev.kintsugi.runtime.signal.SeriesStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples a configured canary metric reads under one scrape target, as a PromQL {@code
 * sum(metric{labels})} would: every stored series of the metric whose labels include the
 * selector's, summed per scrape. Real exporters put more labels on a series than a person names
 * (Micrometer: {@code exception, method, outcome, status, uri}), so an exact name would match
 * nothing. A counter ({@code _total}, {@code _count}, {@code _sum}, {@code _bucket}: stored as
 * rates) with no matching point at a scrape that worked counts 0 there: Micrometer creates a {@code
 * status="500"} series only at the first 500, and a baseline without errors must read as no errors,
 * not as no data.
 */
final class SelectedSeries {

  private static final List<String> COUNTER_SUFFIXES =
      List.of("_total", "_count", "_sum", "_bucket");

  private SelectedSeries() {}

  /** The metric's samples under {@code target} with {@code from <= at < to}, oldest first. */
  static double[] values(
      SeriesStore store,
      String project,
      String target,
      SeriesMetric metric,
      Instant from,
      Instant to) {
    TreeMap<Instant, Double> sums = new TreeMap<>();
    for (String name : matching(store.names(project), target, metric)) {
      for (SeriesStore.Point p : store.range(project, name, from, to)) {
        sums.merge(p.at(), p.value(), Double::sum);
      }
    }
    if (isCounter(metric.metric())) {
      for (SeriesStore.Point up : store.range(project, SeriesNames.up(target), from, to)) {
        if (up.value() > 0) {
          sums.putIfAbsent(up.at(), 0.0);
        }
      }
    }
    return sums.values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The stored series of {@code metric} under {@code target} carrying all its labels. */
  static List<String> matching(List<String> names, String target, SeriesMetric metric) {
    String bare = target + "/" + metric.metric();
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (name.equals(bare)) {
        if (metric.labels().isEmpty()) {
          out.add(name);
        }
      } else if (name.startsWith(bare + "{")
          && labelsOf(name, target, metric).entrySet().containsAll(metric.labels().entrySet())) {
        out.add(name);
      }
    }
    return out;
  }

  private static Map<String, String> labelsOf(String name, String target, SeriesMetric metric) {
    try {
      return SeriesMetric.of(metric.spec(), name.substring(target.length() + 1)).labels();
    } catch (IllegalArgumentException e) {
      return Map.of(); // not a name the scraper writes: it cannot carry the labels
    }
  }

  private static boolean isCounter(String metric) {
    return COUNTER_SUFFIXES.stream().anyMatch(metric::endsWith);
  }
}
