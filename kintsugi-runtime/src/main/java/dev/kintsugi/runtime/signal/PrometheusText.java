package dev.kintsugi.runtime.signal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;

/**
 * The Prometheus text exposition format (0.0.4), parsed by Hawkular's parser into the samples the
 * scraper keeps: counters (to become rates), gauges, the {@code _count} and {@code _sum} of
 * histograms and summaries (counters too), and summary quantiles (gauges with a {@code quantile}
 * label). Histogram buckets are dropped: too many series for what they tell a detector.
 *
 * <p>Hawkular's parser drops every sample whose name its current family does not allow: samples
 * with no {@code # TYPE} line at all (optional in the format) and ones a family does not name the
 * usual way (Micrometer's long task timers write {@code x_active_count} and {@code x_duration_sum}
 * under {@code # TYPE x summary}). Prometheus keeps them as untyped; so does this, as gauges.
 */
final class PrometheusText {
  /**
   * {@code untyped} families: the parser knows only the four types; Prometheus reads them as
   * gauges.
   */
  private static final Pattern UNTYPED =
      Pattern.compile("(?m)^(#[ \\t]+TYPE[ \\t]+\\S+[ \\t]+)untyped[ \\t]*$");

  private static final Pattern COMMENT = Pattern.compile("#[ \\t]+(HELP|TYPE)[ \\t]+(\\S+)(.*)");
  private static final Pattern SAMPLE_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private static final int MAX_BROKEN_FAMILIES = 1000;

  private PrometheusText() {}

  /** One sample. */
  record Sample(
      String metric, String name, Map<String, String> labels, double value, boolean counter) {}

  /**
   * The samples of a body.
   *
   * @param keep which metric families to keep (by family name)
   * @throws IOException if the body holds no Prometheus sample at all (an HTML page, JSON, binary)
   */
  static List<Sample> parse(byte[] body, java.util.function.Predicate<String> keep)
      throws IOException {
    Set<String> orphans = new HashSet<>();
    String text =
        withFamilies(
            UNTYPED.matcher(new String(body, StandardCharsets.UTF_8)).replaceAll("$1gauge"),
            orphans);
    TextPrometheusMetricDataParser parser =
        new TextPrometheusMetricDataParser(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    List<Sample> out = new ArrayList<>();
    int families = 0;
    int broken = 0;
    while (true) {
      MetricFamily family;
      try {
        family = parser.parse();
      } catch (RuntimeException e) {
        // A family the parser cannot finish (a TYPE it does not know): it resumes at the line
        // after it. Bounded all the same, should a body make it fail without moving on.
        if (++broken > MAX_BROKEN_FAMILIES) {
          throw new IOException("too many malformed metric families", e);
        }
        continue;
      }
      if (family == null) {
        break;
      }
      if (!orphans.contains(family.getName()) || !family.getMetrics().isEmpty()) {
        families++; // a line made an orphan family only counts if it was a sample
      }
      if (keep.test(family.getName())) {
        add(family, out);
      }
    }
    if (families == 0 && !text.isBlank()) {
      throw new IOException("no Prometheus samples in the body");
    }
    return out;
  }

  /**
   * The text with a {@code # TYPE name gauge} line before each sample its family does not allow
   * (collecting those names in {@code orphans}), so that the parser keeps it.
   */
  static String withFamilies(String text, Set<String> orphans) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    String family = "";
    Set<String> allowed = Set.of();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      Matcher comment = COMMENT.matcher(line);
      if (comment.matches()) {
        if (comment.group(1).equals("TYPE")) {
          family = comment.group(2);
          allowed = allowedNames(family, comment.group(3).strip());
        } else if (!comment.group(2).equals(family)) {
          family = comment.group(2); // a HELP starts a family, a gauge until its TYPE says
          allowed = Set.of(family);
        }
      } else if (!line.isEmpty() && line.charAt(0) != '#') {
        Matcher name = SAMPLE_NAME.matcher(line);
        if (name.lookingAt() && !allowed.contains(name.group())) {
          family = name.group();
          allowed = Set.of(family);
          orphans.add(family);
          out.append("# TYPE ").append(family).append(" gauge\n");
        }
      }
      out.append(raw).append('\n');
    }
    return out.toString();
  }

  /** The sample names the parser allows in a family of the type. */
  private static Set<String> allowedNames(String family, String type) {
    return switch (type) {
      case "summary" -> Set.of(family, family + "_count", family + "_sum");
      case "histogram" -> Set.of(family + "_bucket", family + "_count", family + "_sum");
      default -> Set.of(family);
    };
  }

  private static void add(MetricFamily family, List<Sample> out) {
    String name = family.getName();
    for (Metric m : family.getMetrics()) {
      Map<String, String> labels = new TreeMap<>(m.getLabels());
      if (m instanceof Counter c) {
        out.add(new Sample(name, name, labels, c.getValue(), true));
      } else if (m instanceof Gauge g) {
        out.add(new Sample(name, name, labels, g.getValue(), false));
      } else if (m instanceof Histogram h) {
        out.add(new Sample(name, name + "_count", labels, h.getSampleCount(), true));
        out.add(new Sample(name, name + "_sum", labels, h.getSampleSum(), true));
      } else if (m instanceof Summary s) {
        out.add(new Sample(name, name + "_count", labels, s.getSampleCount(), true));
        out.add(new Sample(name, name + "_sum", labels, s.getSampleSum(), true));
        for (Summary.Quantile q : s.getQuantiles()) {
          Map<String, String> withQuantile = new TreeMap<>(labels);
          withQuantile.put("quantile", format(q.getQuantile()));
          out.add(new Sample(name, name, withQuantile, q.getValue(), false));
        }
      }
    }
  }

  private static String format(double quantile) {
    return quantile == Math.rint(quantile)
        ? Long.toString((long) quantile)
        : Double.toString(quantile);
  }
}
