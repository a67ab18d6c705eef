package dev.kintsugi.runtime.signal;

import dev.kintsugi.runtime.detect.MultiSeriesDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Scores each scrape target's series together, one vector per scrape, with a multi-series detector
 * (the Isolation Forest): it finds scrapes unusual in combination that no single series shows. The
 * vector's series are the target's first scrape's scored series, by name, at most {@link
 * #MAX_DIMENSIONS}; a series missing from a later scrape keeps its last value, and series that
 * appear later are left to their own detectors. Its score is stored as the series {@code
 * <target>/*}. One scrape of a target at a time.
 */
final class JointScoring {

  /** Series per vector at most: the forest's cost grows with it. */
  static final int MAX_DIMENSIONS = 64;

  /** The suffix of a target's joint series: {@code shop/*}. */
  static final String SUFFIX = "/*";

  private record Joint(List<String> series, MultiSeriesDetector detector, double[] last) {}

  private final IntFunction<MultiSeriesDetector> detectors;
  private final Map<String, Joint> joints = new HashMap<>();

  JointScoring(IntFunction<MultiSeriesDetector> detectors) {
    this.detectors = detectors;
  }

  /** The target's joint point of this scrape, with its score; empty below two series. */
  synchronized Optional<Observation> score(ScrapeTarget target, List<Observation> scraped) {
    Map<String, Double> values = new HashMap<>();
    Instant at = null;
    for (Observation o : scraped) {
      if (o.scored()) {
        values.put(o.series(), o.value());
        at = o.at();
      }
    }
    Joint joint = joints.get(target.name());
    if (joint == null) {
      if (values.size() < 2) {
        return Optional.empty();
      }
      List<String> series = new ArrayList<>(values.keySet());
      series.sort(null);
      series = List.copyOf(series.subList(0, Math.min(series.size(), MAX_DIMENSIONS)));
      joint = new Joint(series, detectors.apply(series.size()), new double[series.size()]);
      joints.put(target.name(), joint);
    }
    if (at == null) {
      return Optional.empty();
    }
    double[] vector = new double[joint.series().size()];
    for (int i = 0; i < vector.length; i++) {
      Double v = values.get(joint.series().get(i));
      vector[i] = v != null ? v : joint.last()[i];
    }
    System.arraycopy(vector, 0, joint.last(), 0, vector.length);
    try {
      double score = joint.detector().score(at, vector);
      return Double.isFinite(score)
          ? Optional.of(
              new Observation(
                  target.project(),
                  target.name() + SUFFIX,
                  at,
                  Math.max(0, Math.min(1, score)),
                  true))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a scrape out of order
    }
  }
}
