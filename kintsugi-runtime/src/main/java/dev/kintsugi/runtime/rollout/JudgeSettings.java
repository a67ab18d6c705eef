package dev.kintsugi.runtime.rollout;

import dev.kintsugi.runtime.canary.CanaryJudge;

/**
 * How each step's judgement is made (see {@link CanaryJudge}).
 *
 * @param alpha significance level of the Mann-Whitney test
 * @param pass score from which a step passes
 * @param marginal score under which it fails; between the two it is inconclusive
 * @param minSamples buckets with traffic each side needs before a metric is judged
 */
public record JudgeSettings(double alpha, double pass, double marginal, int minSamples) {

  /** Kayenta's usual settings, as {@link CanaryJudge#standard()}. */
  public static final JudgeSettings STANDARD = new JudgeSettings(0.05, 95, 75, 5);

  public JudgeSettings {
    judge(alpha, pass, marginal, minSamples); // refuses what the judge refuses
  }

  CanaryJudge judge() {
    return judge(alpha, pass, marginal, minSamples);
  }

  private static CanaryJudge judge(double alpha, double pass, double marginal, int minSamples) {
    return new CanaryJudge(alpha, pass, marginal, minSamples);
  }
}
