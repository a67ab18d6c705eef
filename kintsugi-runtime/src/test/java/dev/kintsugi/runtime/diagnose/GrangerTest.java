package dev.kintsugi.runtime.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GrangerTest {

  @Test
  void aSeriesThatDrivesAnotherTwoStepsLaterIsSignificantAtLagTwo() {
    Random random = new Random(1);
    int n = 200;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      x[t] = random.nextGaussian();
      y[t] = (t >= 2 ? 0.7 * x[t - 2] : 0) + 0.5 * random.nextGaussian();
    }

    Granger.Result r = Granger.test(y, x, 6).orElseThrow();

    assertThat(r.p()).isLessThan(0.001);
    assertThat(r.f()).isGreaterThan(10);
    assertThat(r.lag()).isGreaterThanOrEqualTo(2);
    assertThat(Granger.test(x, y, 6).orElseThrow().p())
        .as("the driven series does not predict its driver")
        .isGreaterThan(0.05);
  }

  @Test
  void independentSeriesAreSignificantAboutAsOftenAsTheLevelSays() {
    Random random = new Random(7);
    int trials = 1000;
    int significant = 0;
    for (int trial = 0; trial < trials; trial++) {
      double[] x = new double[120];
      double[] y = new double[120];
      for (int t = 0; t < x.length; t++) {
        x[t] = random.nextGaussian();
        y[t] = (t > 0 ? 0.6 * y[t - 1] : 0) + random.nextGaussian();
      }
      if (Granger.test(y, x, 6).orElseThrow().p() < 0.05) {
        significant++;
      }
    }
    assertThat(significant).as("false alarms at level 0.05").isBetween(30, 80);
  }

  @Test
  void aFlatOrTooShortSeriesSaysNothing() {
    double[] flat = new double[50];
    double[] noise = new Random(3).doubles(50).toArray();
    assertThat(Granger.test(noise, flat, 3)).isEmpty();
    assertThat(Granger.test(new double[12], new double[12], 3)).isEmpty();
  }
}
