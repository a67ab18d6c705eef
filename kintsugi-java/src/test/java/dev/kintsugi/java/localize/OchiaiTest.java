package dev.kintsugi.java.localize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OchiaiTest {

  @Test
  void lineRunOnlyByAllFailingTestsScoresOne() {
    assertThat(Ochiai.score(2, 0, 2)).isEqualTo(1.0);
  }

  @Test
  void passingExecutionsLowerTheScore() {
    assertThat(Ochiai.score(1, 3, 1)).isCloseTo(0.5, within(1e-9));
    assertThat(Ochiai.score(1, 1, 2)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void lineNotRunByFailingTestsScoresZero() {
    assertThat(Ochiai.score(0, 5, 1)).isZero();
    assertThat(Ochiai.score(0, 0, 0)).isZero();
  }
}
