package dev.kintsugi.runtime.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {

  static final MetricSpec LATENCY =
      new MetricSpec("latency-p99", MetricSpec.Worse.HIGHER, 0.1, 0.005, false);
  static final MetricSpec ERRORS =
      new MetricSpec("error-rate", MetricSpec.Worse.HIGHER, 0.0, 0.01, true);
  static final MetricSpec THROUGHPUT =
      new MetricSpec("throughput", MetricSpec.Worse.LOWER, 0.1, 0.0, false);

  final CanaryJudge judge = CanaryJudge.standard();

  static double[] around(long seed, double centre, double spread, int n) {
    Random r = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = centre + spread * r.nextGaussian();
    }
    return out;
  }

  @Test
  void aCanaryLikeItsBaselinePasses() {
    Judgement j =
        judge.judge(
            List.of(
                new Comparison(LATENCY, around(1, 0.2, 0.02, 30), around(2, 0.2, 0.02, 30)),
                new Comparison(ERRORS, new double[20], new double[20]),
                new Comparison(THROUGHPUT, around(3, 50, 3, 30), around(4, 50, 3, 30))));
    assertThat(j.verdict()).isEqualTo(Verdict.PASS);
    assertThat(j.score()).isEqualTo(100.0);
    assertThat(j.metrics()).extracting(MetricResult::verdict).containsOnly(MetricVerdict.PASS);
    MetricResult errors = j.metrics().get(1);
    assertThat(errors.pValue()).isEqualTo(1.0);
    assertThat(errors.shift()).isZero();
  }

  @Test
  void slowerBeyondTheAllowanceFailsTheMetricWithTheNumbersBehindIt() {
    Judgement j =
        judge.judge(
            List.of(
                new Comparison(LATENCY, around(1, 0.2, 0.02, 30), around(2, 0.3, 0.02, 30)),
                new Comparison(ERRORS, new double[20], new double[20])));
    MetricResult latency = j.metrics().get(0);
    assertThat(latency.verdict()).isEqualTo(MetricVerdict.HIGH);
    assertThat(latency.pValue()).isLessThan(0.001);
    assertThat(latency.shift()).isBetween(0.08, 0.12);
    assertThat(latency.relativeShift()).isBetween(0.4, 0.6);
    assertThat(latency.u()).isGreaterThan(30 * 30 * 0.9);
    assertThat(latency.reason()).contains("beyond the allowed change");
    assertThat(j.score()).isEqualTo(50.0);
    assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void aSignificantChangeWithinTheAllowanceOrInTheHarmlessDirectionPasses() {
    Judgement j =
        judge.judge(
            List.of(
                // 5 % slower: significant with this many samples, but 10 % is allowed.
                new Comparison(LATENCY, around(1, 0.2, 0.002, 60), around(2, 0.21, 0.002, 60)),
                // Faster is never a regression.
                new Comparison(
                    new MetricSpec("latency-p50", MetricSpec.Worse.HIGHER, 0.1, 0, false),
                    around(3, 0.2, 0.01, 30),
                    around(4, 0.1, 0.01, 30)),
                // More throughput neither.
                new Comparison(THROUGHPUT, around(5, 50, 2, 30), around(6, 80, 2, 30))));
    assertThat(j.metrics()).extracting(MetricResult::verdict).containsOnly(MetricVerdict.PASS);
    assertThat(j.metrics().get(0).pValue()).isLessThan(0.05);
    assertThat(j.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void lessThroughputIsLowAndEitherDirectionCatchesBoth() {
    MetricSpec either = new MetricSpec("queue", MetricSpec.Worse.EITHER, 0.1, 0, false);
    Judgement j =
        judge.judge(
            List.of(
                new Comparison(THROUGHPUT, around(1, 50, 2, 30), around(2, 30, 2, 30)),
                new Comparison(either, around(3, 10, 1, 30), around(4, 20, 1, 30)),
                new Comparison(either, around(5, 10, 1, 30), around(6, 5, 1, 30))));
    assertThat(j.metrics())
        .extracting(MetricResult::verdict)
        .containsExactly(MetricVerdict.LOW, MetricVerdict.HIGH, MetricVerdict.LOW);
    assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void aFailedCriticalMetricFailsWhateverTheScore() {
    double[] some = new double[20];
    java.util.Arrays.fill(some, 10, 20, 0.5); // half the canary's intervals see errors
    Judgement j =
        judge.judge(
            List.of(
                new Comparison(ERRORS, new double[20], some),
                new Comparison(LATENCY, around(1, 0.2, 0.02, 30), around(2, 0.2, 0.02, 30)),
                new Comparison(THROUGHPUT, around(3, 50, 2, 30), around(4, 50, 2, 30)),
                new Comparison(
                    new MetricSpec("cpu", MetricSpec.Worse.HIGHER, 0.5, 0, false),
                    around(5, 1, 0.1, 30),
                    around(6, 1, 0.1, 30))));
    assertThat(j.score()).isEqualTo(75.0);
    assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(j.reason()).isEqualTo("critical metric failed: error-rate");
  }

  @Test
  void tooFewSamplesIsInconclusiveNotAPass() {
    Judgement none =
        judge.judge(List.of(new Comparison(LATENCY, new double[] {0.2, 0.2}, new double[] {5})));
    assertThat(none.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(none.metrics().get(0).verdict()).isEqualTo(MetricVerdict.NODATA);
    assertThat(none.metrics().get(0).reason()).contains("2 baseline and 1 canary samples");

    Judgement criticalMissing =
        judge.judge(
            List.of(
                new Comparison(LATENCY, around(1, 0.2, 0.02, 30), around(2, 0.2, 0.02, 30)),
                new Comparison(ERRORS, new double[3], new double[30])));
    assertThat(criticalMissing.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(criticalMissing.reason()).contains("critical metric has no data");
  }

  @Test
  void aMarginalScoreIsInconclusive() {
    // 4 of 5 pass: 80, between 75 and 95.
    List<Comparison> metrics = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      metrics.add(
          new Comparison(
              new MetricSpec("m" + i, MetricSpec.Worse.HIGHER, 0.1, 0, false),
              around(i, 1, 0.1, 30),
              around(100 + i, 1, 0.1, 30)));
    }
    metrics.add(new Comparison(LATENCY, around(7, 0.2, 0.02, 30), around(8, 0.4, 0.02, 30)));
    Judgement j = judge.judge(metrics);
    assertThat(j.score()).isEqualTo(80.0);
    assertThat(j.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void nonFiniteSamplesAreLeftOutAndBadSettingsRefused() {
    Comparison c =
        new Comparison(
            LATENCY, new double[] {1, Double.NaN, 2}, new double[] {Double.POSITIVE_INFINITY, 3});
    assertThat(c.baseline()).containsExactly(1, 2);
    assertThat(c.canary()).containsExactly(3);
    assertThatThrownBy(() -> new CanaryJudge(0, 95, 75, 5)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new CanaryJudge(0.05, 70, 75, 5)).hasMessageContaining("marginal");
    assertThatThrownBy(() -> new MetricSpec("x", MetricSpec.Worse.HIGHER, -1, 0, false))
        .hasMessageContaining("zero or more");
    assertThatThrownBy(() -> MetricSpec.Worse.of("up")).hasMessageContaining("higher, lower");
  }

  @Test
  void theShiftIsTheMedianOfPairwiseDifferencesAndThinsLargeSamples() {
    assertThat(CanaryJudge.hodgesLehmann(new double[] {3, 4, 5}, new double[] {1, 2}))
        .isEqualTo(2.5);
    double[] big = around(9, 10, 1, 2_000);
    double[] bigger = around(10, 12, 1, 2_000);
    assertThat(CanaryJudge.hodgesLehmann(bigger, big)).isBetween(1.8, 2.2);
  }
}
