package dev.kintsugi.runtime.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every detector on labeled synthetic series (fixed seeds, three weeks of 5-minute points, the
 * anomaly in the third week): detection delay from the labeled onset and false alarms outside the
 * labeled window (after the first week, the warm-up) within stated bounds.
 *
 * <p>Not asserted, by design: Holt-Winters on the slow drift (its trend follows it) and on weekly
 * seasonality (it models a daily season only, so every weekend edge alarms); BOCPD on the drift (a
 * gradual change has no changepoint) and on seasonal series (its segments are stationary; each
 * seasonal swing is a change to it).
 */
class DetectorsTest {

  /** One expectation: on {@code series}, {@code detector} at {@code threshold}. */
  record Bound(
      String detector, double threshold, LabeledSeries series, int maxDelay, int maxFalse) {
    @Override
    public String toString() {
      return detector + " ≥ " + threshold + " on " + series.name();
    }
  }

  static final LabeledSeries NOISE = LabeledSeries.noise(1, 3 * LabeledSeries.WEEK);
  static final LabeledSeries SPIKE = LabeledSeries.spike(2);
  static final LabeledSeries STEP = LabeledSeries.step(3);
  static final LabeledSeries DRIFT = LabeledSeries.drift(4);
  static final LabeledSeries DAILY_DIP = LabeledSeries.dailyDip(5);
  static final LabeledSeries WEEKEND = LabeledSeries.weekendSurge(6);
  static final LabeledSeries SAWTOOTH = LabeledSeries.sawtoothLeak(7);

  static Stream<Bound> bounds() {
    return Stream.of(
        new Bound("seasonal", 0.9999, NOISE, -1, 4),
        new Bound("seasonal", 0.9999, SPIKE, 0, 4),
        new Bound("seasonal", 0.9999, STEP, 1, 4),
        new Bound("seasonal", 0.9999, DRIFT, 80, 4),
        new Bound("seasonal", 0.9999, DAILY_DIP, 2, 4),
        new Bound("seasonal", 0.9999, WEEKEND, 2, 4),
        new Bound("seasonal", 0.9999, SAWTOOTH, 40, 4),
        new Bound("holt-winters", 0.999, NOISE, -1, 10),
        new Bound("holt-winters", 0.999, SPIKE, 0, 10),
        new Bound("holt-winters", 0.999, STEP, 1, 10),
        new Bound("holt-winters", 0.999, DAILY_DIP, 2, 40),
        new Bound("holt-winters", 0.999, SAWTOOTH, 40, 10),
        new Bound("bocpd", 0.5, NOISE, -1, 6),
        new Bound("bocpd", 0.5, SPIKE, 0, 6),
        new Bound("bocpd", 0.5, STEP, 1, 10),
        new Bound("iforest", 0.65, NOISE, -1, 100),
        new Bound("iforest", 0.65, SPIKE, 0, 100),
        new Bound("iforest", 0.65, STEP, 1, 100),
        new Bound("iforest", 0.65, DRIFT, 30, 100),
        new Bound("iforest", 0.65, DAILY_DIP, 2, 100),
        new Bound("iforest", 0.65, WEEKEND, 2, 100),
        new Bound("ensemble", 0.99, NOISE, -1, 60),
        new Bound("ensemble", 0.99, SPIKE, 0, 60),
        new Bound("ensemble", 0.99, STEP, 1, 60),
        new Bound("ensemble", 0.99, DRIFT, 30, 60),
        new Bound("ensemble", 0.99, DAILY_DIP, 2, 60),
        new Bound("ensemble", 0.99, WEEKEND, 2, 60),
        new Bound("ensemble", 0.99, SAWTOOTH, 40, 60));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bounds")
  void detectsTheLabeledAnomalyInTimeWithFewFalseAlarms(Bound b) {
    double[] scores = b.series().scoreWith(Detectors.create(b.detector()));

    assertThat(java.util.Arrays.stream(scores).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    assertThat(java.util.Arrays.stream(scores).max().orElseThrow()).isLessThanOrEqualTo(1);
    if (b.maxDelay() >= 0) {
      int delay = b.series().delay(scores, b.threshold());
      assertThat(delay).as("detection delay (points after the onset)").isBetween(0, b.maxDelay());
    }
    assertThat(b.series().falseAlarms(scores, b.threshold(), LabeledSeries.WEEK))
        .as("false alarms outside the labeled window")
        .isLessThanOrEqualTo(b.maxFalse());
  }

  @Nested
  class Ensemble {
    @Test
    void flagsAboutOnePercentOfPureNoiseAtThreshold099() {
      int points = 0;
      int above99 = 0;
      int above999 = 0;
      for (long seed = 10; seed < 13; seed++) {
        LabeledSeries noise = LabeledSeries.noise(seed, 2 * LabeledSeries.WEEK);
        double[] scores = noise.scoreWith(Detectors.create());
        for (int i = LabeledSeries.DAY; i < scores.length; i++) {
          points++;
          above99 += scores[i] >= 0.99 ? 1 : 0;
          above999 += scores[i] >= 0.999 ? 1 : 0;
        }
      }
      System.out.printf(
          "ensemble on pure noise: %.3f%% ≥ 0.99, %.3f%% ≥ 0.999 of %d points%n",
          100.0 * above99 / points, 100.0 * above999 / points, points);
      assertThat((double) above99 / points).isBetween(0.002, 0.012);
      assertThat((double) above999 / points).isLessThanOrEqualTo(0.004);
    }
  }

  @Nested
  class EnsembleWarmUp {
    @Test
    void scoresWithinHalfAnHourOfFifteenSecondScrapesWithFewEarlyFalseAlarms() {
      int points = 0;
      int above99 = 0;
      for (long seed = 20; seed < 40; seed++) {
        LabeledSeries noise = LabeledSeries.noise(seed, LabeledSeries.DAY);
        double[] scores = noise.scoreWith(Detectors.create());
        int first = 0;
        while (scores[first] == 0) {
          first++;
        }
        assertThat(first).as("first scored point (was 328 before)").isLessThanOrEqualTo(120);
        for (int i = first; i < scores.length; i++) {
          points++;
          above99 += scores[i] >= 0.99 ? 1 : 0;
        }
      }
      System.out.printf(
          "ensemble warm-up on pure noise: %.3f%% ≥ 0.99 of %d points%n",
          100.0 * above99 / points, points);
      assertThat((double) above99 / points).isLessThanOrEqualTo(0.015);
    }
  }

  @Nested
  class Contract {
    @ParameterizedTest
    @MethodSource("dev.kintsugi.runtime.detect.DetectorsTest#names")
    void rejectsPointsOutOfTimeOrder(String name) {
      Detector d = Detectors.create(name);
      Instant t = Instant.parse("2024-01-01T00:00:00Z");
      d.score(t, 1);
      assertThatThrownBy(() -> d.score(t, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("increasing time order");
      assertThatThrownBy(() -> d.score(t.minusSeconds(60), 2))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("dev.kintsugi.runtime.detect.DetectorsTest#names")
    void rejectsNonFiniteValues(String name) {
      Detector d = Detectors.create(name);
      Instant t = Instant.parse("2024-01-01T00:00:00Z");
      assertThatThrownBy(() -> d.score(t, Double.NaN)).hasMessageContaining("not finite");
      assertThatThrownBy(() -> d.score(t, Double.POSITIVE_INFINITY))
          .hasMessageContaining("not finite");
    }

    @ParameterizedTest
    @MethodSource("dev.kintsugi.runtime.detect.DetectorsTest#names")
    void keepsScoringAFlatSeriesAndFlagsItsFirstJump(String name) {
      Detector d = Detectors.create(name);
      Instant t = Instant.parse("2024-01-01T00:00:00Z");
      double max = 0;
      for (int i = 0; i < 2000; i++) {
        max = Math.max(max, d.score(t.plusSeconds(60L * i), 5));
      }
      assertThat(max).as("a constant series is not anomalous").isLessThan(0.7);
      assertThat(d.score(t.plusSeconds(60L * 2000), 50)).isGreaterThan(0.7);
    }

    @Test
    void anUnknownNameIsAnErrorListingTheNames() {
      assertThatThrownBy(() -> Detectors.create("prophet"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "unknown detector 'prophet': use one of seasonal, holt-winters, bocpd, iforest,"
                  + " ensemble");
    }

    @Test
    void theDefaultIsTheEnsemble() {
      assertThat(Detectors.create().name()).isEqualTo("ensemble");
      assertThat(Detectors.names()).last().isEqualTo(Detectors.DEFAULT);
    }
  }

  @Nested
  class MultiSeries {
    @Test
    void flagsAJointShiftOfSeveralSeries() {
      MultiSeriesDetector d = Detectors.multiSeries(3);
      Random random = new Random(7);
      Instant t = LabeledSeries.START;
      int onset = 3000;
      int falseAlarms = 0;
      int delay = -1;
      for (int i = 0; i < 4000; i++) {
        double load = 100 + 10 * Math.sin(2 * Math.PI * i / LabeledSeries.DAY);
        double shift = i >= onset && i < onset + 10 ? 4 : 0;
        double[] tick = {
          load + random.nextGaussian(),
          load / 10 + shift + random.nextGaussian(),
          50 + shift + random.nextGaussian()
        };
        double s = d.score(t.plus(LabeledSeries.STEP.multipliedBy(i)), tick);
        assertThat(s).isBetween(0.0, 1.0);
        if (i >= onset && i < onset + 10 && delay < 0 && s >= 0.65) {
          delay = i - onset;
        } else if (i >= 1000 && (i < onset || i >= onset + 20) && s >= 0.65) {
          falseAlarms++;
        }
      }
      assertThat(delay).isBetween(0, 1);
      assertThat(falseAlarms).isLessThanOrEqualTo(30);
    }

    @Test
    void rejectsATickOfTheWrongWidth() {
      MultiSeriesDetector d = Detectors.multiSeries(2);
      assertThatThrownBy(() -> d.score(LabeledSeries.START, new double[] {1, 2, 3}))
          .hasMessage("expected 2 values per tick, got 3");
      assertThatThrownBy(() -> d.score(LabeledSeries.START, new double[] {1, Double.NaN}))
          .hasMessageContaining("value 1");
    }
  }

  static List<String> names() {
    return Detectors.names();
  }
}
