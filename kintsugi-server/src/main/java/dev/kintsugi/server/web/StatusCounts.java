package dev.kintsugi.server.web;

import dev.kintsugi.server.store.OverviewStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incidents counted by the status people see ({@link DisplayStatus}: a fix the policy holds for a
 * person counts as awaiting approval, not as proposed), in lifecycle order.
 */
final class StatusCounts {
  private StatusCounts() {}

  /** How many incidents have one status. */
  record Count(DisplayStatus status, long count) {}

  /** Every status, in lifecycle order, with its count (zero included). */
  static List<Count> of(List<OverviewStats.StatusCount> rows) {
    Map<String, Long> byKey = new LinkedHashMap<>();
    for (OverviewStats.StatusCount r : rows) {
      byKey.merge(DisplayStatus.of(r.status(), r.lastDecision()).key(), r.count(), Long::sum);
    }
    return DisplayStatus.filters().stream()
        .map(s -> new Count(s, byKey.getOrDefault(s.key(), 0L)))
        .toList();
  }

  static long total(List<Count> counts) {
    return counts.stream().mapToLong(Count::count).sum();
  }
}
