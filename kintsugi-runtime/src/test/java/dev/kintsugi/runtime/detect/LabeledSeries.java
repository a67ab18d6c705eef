package dev.kintsugi.runtime.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * A synthetic series with one labeled anomaly: 5-minute points from a Monday 00:00 UTC, Gaussian
 * noise (σ = 1) around a baseline, and the labeled window {@code [onset, end]} (inclusive) where
 * the anomaly is and where detectors may still be settling after it.
 */
record LabeledSeries(String name, Instant[] at, double[] values, int onset, int end) {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z"); // a Monday
  static final Duration STEP = Duration.ofMinutes(5);
  static final int DAY = 288;
  static final int WEEK = 7 * DAY;

  /** Noise only: every alarm is false. */
  static LabeledSeries noise(long seed, int n) {
    return build("noise", seed, n, i -> 100, -1, -1, (i, v) -> v);
  }

  /** One point 8σ above a flat level. */
  static LabeledSeries spike(long seed) {
    int onset = 2 * WEEK + 700;
    return build(
        "spike", seed, 3 * WEEK, daily(0), onset, onset + 5, (i, v) -> i == onset ? v + 8 : v);
  }

  /** A level shift of +6σ that stays. */
  static LabeledSeries step(long seed) {
    int onset = 2 * WEEK + 700;
    return build(
        "step", seed, 3 * WEEK, daily(0), onset, onset + 150, (i, v) -> i >= onset ? v + 6 : v);
  }

  /** A drift of 0.1σ per point for 100 points (a leak), then the higher level stays. */
  static LabeledSeries drift(long seed) {
    int onset = 2 * WEEK + 700;
    return build(
        "drift",
        seed,
        3 * WEEK,
        daily(0),
        onset,
        onset + 250,
        (i, v) -> i >= onset ? v + 0.1 * Math.min(i - onset, 100) : v);
  }

  /**
   * Daily seasonality (amplitude 10σ), and for two hours at the daily peak the value sits at the
   * daily mean: normal for the series as a whole, anomalous for the time of day.
   */
  static LabeledSeries dailyDip(long seed) {
    int peak = 2 * WEEK + 3 * DAY + DAY / 4; // 06:00, where sin(2π t/day) is 1
    int onset = peak - 12;
    return build(
        "daily-dip",
        seed,
        3 * WEEK,
        daily(10),
        onset,
        onset + 24 + 64,
        (i, v) -> i >= onset && i < onset + 24 ? v - 10 * Math.sin(2 * Math.PI * i / DAY) : v);
  }

  /**
   * Weekly seasonality (weekends 15σ lower), and on the third Saturday the weekday level for three
   * hours.
   */
  static LabeledSeries weekendSurge(long seed) {
    int onset = 2 * WEEK + 5 * DAY + 12 * 12; // Saturday 12:00
    return build(
        "weekend-surge",
        seed,
        3 * WEEK,
        i -> (i % WEEK) >= 5 * DAY ? 85 : 100,
        onset,
        onset + 36 + 64,
        (i, v) -> i >= onset && i < onset + 36 ? v + 15 : v);
  }

  /**
   * A heap-like sawtooth (climbs 2σ a point, drops every 100 points; not aligned with the clock),
   * and from the onset its floor climbs 0.5σ a point (a leak).
   */
  static LabeledSeries sawtoothLeak(long seed) {
    int onset = 2 * WEEK + 700;
    return build(
        "sawtooth-leak",
        seed,
        3 * WEEK,
        i -> 300 + 2 * (i % 100),
        onset,
        onset + 150,
        (i, v) -> i >= onset ? v + 0.5 * (i - onset) : v);
  }

  static DoubleUnaryOperator daily(double amplitude) {
    return i -> 100 + amplitude * Math.sin(2 * Math.PI * i / DAY);
  }

  interface Anomaly {
    double apply(int i, double value);
  }

  private static LabeledSeries build(
      String name,
      long seed,
      int n,
      DoubleUnaryOperator baseline,
      int onset,
      int end,
      Anomaly anomaly) {
    Random random = new Random(seed);
    Instant[] at = new Instant[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      at[i] = START.plus(STEP.multipliedBy(i));
      values[i] = anomaly.apply(i, baseline.applyAsDouble(i) + random.nextGaussian());
    }
    return new LabeledSeries(name, at, values, onset, end);
  }

  boolean labeled(int i) {
    return i >= onset && i <= end;
  }

  double[] scoreWith(Detector detector) {
    double[] scores = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scores[i] = detector.score(at[i], values[i]);
    }
    return scores;
  }

  /** Points from the onset to the first score ≥ threshold in the window; −1 if none. */
  int delay(double[] scores, double threshold) {
    if (onset < 0) {
      return -1;
    }
    for (int i = onset; i <= end; i++) {
      if (scores[i] >= threshold) {
        return i - onset;
      }
    }
    return -1;
  }

  /** Scores ≥ threshold outside the labeled window, after the first {@code from} points. */
  int falseAlarms(double[] scores, double threshold, int from) {
    int n = 0;
    for (int i = from; i < scores.length; i++) {
      if (!labeled(i) && scores[i] >= threshold) {
        n++;
      }
    }
    return n;
  }
}
