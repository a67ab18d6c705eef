package dev.kintsugi.runtime.rollout;

import dev.kintsugi.runtime.canary.Judgement;
import java.util.List;

/**
 * One traffic step and its last judgement.
 *
 * @param percent the share of requests sent to the canary
 * @param judgement the verdict, score and each metric's numbers
 * @param judgements how many times the step was judged (1 + its inconclusive extensions)
 * @param startedAfterMillis when the step began, after the rollout's start
 * @param durationMillis how long the step lasted
 * @param baseline what the canary was compared with: {@code step} (the stable's buckets over the
 *     same time) or {@code rollout} (the stable's buckets since the rollout began, when the step
 *     left the stable too little traffic: at 100 %)
 * @param stable what the stable backend served in the judged buckets
 * @param canary what the canary served in them
 */
public record StepReport(
    int percent,
    Judgement judgement,
    int judgements,
    long startedAfterMillis,
    long durationMillis,
    String baseline,
    Served stable,
    Served canary) {

  /** Requests and errors (5xx and failures) over some buckets. */
  public record Served(long requests, long errors, int buckets) {
    static Served of(List<TrafficBucket> buckets) {
      return new Served(
          buckets.stream().mapToLong(TrafficBucket::requests).sum(),
          buckets.stream().mapToLong(TrafficBucket::errors).sum(),
          buckets.size());
    }
  }
}
