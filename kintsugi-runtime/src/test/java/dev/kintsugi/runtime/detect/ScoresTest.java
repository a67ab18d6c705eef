package dev.kintsugi.runtime.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoresTest {

  @Test
  void twoSidedIsTheGaussianConfidenceForModerateDeviations() {
    assertThat(Scores.twoSided(0)).isCloseTo(0, within(1e-6));
    assertThat(Scores.twoSided(3)).isCloseTo(0.9973, within(1e-4));
    assertThat(Scores.twoSided(-3)).isEqualTo(Scores.twoSided(3));
    assertThat(Scores.twoSided(Double.NaN)).isZero();
  }

  @Test
  void twoSidedKeepsFarOutliersInOrderBelowOne() {
    double[] z = {5, 6, 8.3, 9, 12, 40, 1e3, 1e6};
    for (int i = 1; i < z.length; i++) {
      assertThat(Scores.twoSided(z[i])).as("z = %s", z[i]).isGreaterThan(Scores.twoSided(z[i - 1]));
    }
    assertThat(Scores.twoSided(1e6)).isLessThan(1);
  }

  @Test
  void theTailMapIsContinuousAtTheCut() {
    double cut = Math.log(Scores.TAIL_CUT);
    assertThat(Scores.ofLogTail(cut * (1 + 1e-12)))
        .isCloseTo(Scores.ofLogTail(cut * (1 - 1e-12)), within(1e-15));
  }
}
