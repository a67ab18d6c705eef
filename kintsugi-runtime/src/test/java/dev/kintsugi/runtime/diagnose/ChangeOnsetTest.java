package dev.kintsugi.runtime.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.runtime.diagnose.SeriesHistory.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeOnsetTest {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  static List<Point> series(double... values) {
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new Point(T0.plusSeconds(10L * i), values[i]));
    }
    return out;
  }

  @Test
  void aStepIsFoundWhereItBeginsAndWhichWayItWent() {
    List<Point> s = series(10, 11, 9, 10, 10.5, 9.5, 10, 10, 11, 10, 30, 31, 29);

    ChangeOnset.Change c = ChangeOnset.find(s, T0.plusSeconds(60)).orElseThrow();

    assertThat(c.at()).isEqualTo(T0.plusSeconds(100));
    assertThat(c.rose()).isTrue();
  }

  @Test
  void aFallFromAFlatBaselineIsAChange() {
    List<Point> s = series(5, 5, 5, 5, 5, 5, 5, 0, 0);

    ChangeOnset.Change c = ChangeOnset.find(s, T0.plusSeconds(60)).orElseThrow();

    assertThat(c.at()).isEqualTo(T0.plusSeconds(70));
    assertThat(c.rose()).isFalse();
  }

  @Test
  void aLoneSpikeOrATooShortBaselineIsNoChange() {
    assertThat(ChangeOnset.find(series(10, 11, 9, 10, 10, 10, 10, 50, 10, 10), T0.plusSeconds(60)))
        .isEmpty();
    assertThat(ChangeOnset.find(series(10, 10, 50, 50, 50), T0.plusSeconds(20))).isEmpty();
    assertThat(ChangeOnset.find(series(10, 11, 9, 10, 10, Double.NaN, 10, 10), T0.plusSeconds(50)))
        .isEmpty();
  }
}
