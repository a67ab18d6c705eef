package dev.kintsugi.runtime.canary;

import java.util.List;

/**
 * A canary interval judged: the verdict, the share of metrics that passed (0-100, of those with
 * data) and each metric's numbers.
 */
public record Judgement(Verdict verdict, double score, String reason, List<MetricResult> metrics) {

  public Judgement {
    metrics = List.copyOf(metrics);
  }

  /** This judgement failed for a reason outside the metrics (a known incident's fingerprint). */
  public Judgement failedBecause(String why) {
    return new Judgement(Verdict.FAIL, score, why, metrics);
  }
}
