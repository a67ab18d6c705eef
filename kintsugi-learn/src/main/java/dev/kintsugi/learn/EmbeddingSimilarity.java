package dev.kintsugi.learn;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Semantic similarity of failure descriptions with the all-MiniLM-L6-v2 sentence embedding
 * (quantized), run in process through ONNX: offline, no server, about 0.7 s to load once. When the
 * model cannot load (no native ONNX runtime for this platform), {@link #similarity} returns NaN and
 * callers fall back to {@link TokenSimilarity} alone.
 */
final class EmbeddingSimilarity {

  private static volatile Optional<EmbeddingModel> model;

  private final Map<String, Embedding> cache = new ConcurrentHashMap<>();

  /** Cosine similarity in [-1, 1] of the two texts' embeddings, or NaN without a model. */
  double similarity(String a, String b) {
    Optional<EmbeddingModel> m = model();
    if (m.isEmpty()) {
      return Double.NaN;
    }
    return CosineSimilarity.between(embed(m.get(), a), embed(m.get(), b));
  }

  private Embedding embed(EmbeddingModel m, String text) {
    // MiniLM reads at most 256 word pieces; the head of a failure text is what identifies it.
    String head = text.length() > 2_000 ? text.substring(0, 2_000) : text;
    return cache.computeIfAbsent(head, t -> m.embed(t).content());
  }

  private static Optional<EmbeddingModel> model() {
    Optional<EmbeddingModel> m = model;
    if (m == null) {
      synchronized (EmbeddingSimilarity.class) {
        m = model;
        if (m == null) {
          try {
            m = Optional.of(new AllMiniLmL6V2QuantizedEmbeddingModel());
          } catch (RuntimeException | LinkageError e) {
            m = Optional.empty(); // no ONNX runtime here: token similarity alone
          }
          model = m;
        }
      }
    }
    return m;
  }
}
