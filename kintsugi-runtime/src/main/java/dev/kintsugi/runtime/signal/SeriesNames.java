package dev.kintsugi.runtime.signal;

import java.util.Map;
import java.util.TreeMap;

/**
 * How series are named, so runbooks can name them:
 *
 * <ul>
 *   <li>scraped: {@code <target>/<metric>{label="value",...}}, labels sorted by name, values
 *       escaped as in the Prometheus text format ({@code \\}, {@code \"}, {@code \n}); no braces
 *       without labels ({@code shop/jvm_threads_live_threads}). Counters (and the {@code
 *       _count}/{@code _sum} of histograms and summaries) hold their per-second rate between two
 *       scrapes, not the running total.
 *   <li>{@code <target>/up}: 1 when the last scrape worked, 0 when it failed.
 *   <li>{@code health/<check>} (1/0) and {@code health/<check>/latency_seconds}.
 *   <li>{@code incidents/<incidentId>}: the incident's events per minute.
 * </ul>
 */
public final class SeriesNames {
  private SeriesNames() {}

  /** A scraped sample's series: {@code target/metric{a="1",b="2"}}, labels sorted. */
  public static String scraped(String target, String metric, Map<String, String> labels) {
    StringBuilder out = new StringBuilder(target).append('/').append(metric);
    if (!labels.isEmpty()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(e.getKey()).append("=\"");
        escape(e.getValue(), out);
        out.append('"');
      }
      out.append('}');
    }
    return out.toString();
  }

  /** The target's scrape health series: {@code target/up}. */
  public static String up(String target) {
    return target + "/up";
  }

  /** An incident's events-per-minute series: {@code incidents/<id>}. */
  public static String incident(long incidentId) {
    return "incidents/" + incidentId;
  }

  private static void escape(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }
}
