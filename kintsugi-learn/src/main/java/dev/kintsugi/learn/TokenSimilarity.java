package dev.kintsugi.learn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TF-IDF cosine similarity over identifier words (camelCase and dotted names split), for finding
 * past failures like the current one. Runs offline with no model; an embedding model can replace it
 * behind the same two methods.
 */
final class TokenSimilarity {

  private final List<Map<String, Double>> documents = new ArrayList<>();
  private final Map<String, Integer> documentFrequency = new HashMap<>();

  TokenSimilarity(List<String> corpus) {
    for (String text : corpus) {
      Map<String, Double> tf = termFrequencies(text);
      documents.add(tf);
      tf.keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
    }
  }

  /** Cosine similarity in [0, 1] between {@code query} and document {@code index}. */
  double similarity(String query, int index) {
    Map<String, Double> q = weigh(termFrequencies(query));
    Map<String, Double> d = weigh(documents.get(index));
    double dot = 0;
    for (Map.Entry<String, Double> e : q.entrySet()) {
      dot += e.getValue() * d.getOrDefault(e.getKey(), 0.0);
    }
    double norm = norm(q) * norm(d);
    return norm == 0 ? 0 : dot / norm;
  }

  private Map<String, Double> weigh(Map<String, Double> tf) {
    Map<String, Double> out = new HashMap<>();
    int n = documents.size() + 1;
    tf.forEach(
        (t, f) -> out.put(t, f * Math.log(1.0 + n / (1.0 + documentFrequency.getOrDefault(t, 0)))));
    return out;
  }

  private static double norm(Map<String, Double> v) {
    double s = 0;
    for (double x : v.values()) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static Map<String, Double> termFrequencies(String text) {
    Map<String, Double> tf = new HashMap<>();
    for (String raw : text.split("[^A-Za-z0-9]+")) {
      if (raw.isEmpty()) {
        continue;
      }
      tf.merge(raw.toLowerCase(Locale.ROOT), 1.0, Double::sum);
      for (String part : raw.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
        if (part.length() > 1 && !part.equals(raw)) {
          tf.merge(part.toLowerCase(Locale.ROOT), 0.5, Double::sum);
        }
      }
    }
    return tf;
  }
}
