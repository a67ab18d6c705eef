package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The median of fix times; the queries are in {@link StorageContract}, on every database. */
class OverviewStatsTest {

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  @Test
  void theMedianIsTheMiddleTimeOrTheMeanOfTheMiddleTwo() {
    assertThat(OverviewStats.median(List.of())).isEmpty();
    assertThat(OverviewStats.median(List.of(s(7)))).contains(s(7));
    assertThat(OverviewStats.median(List.of(s(50), s(10), s(30)))).contains(s(30));
    assertThat(OverviewStats.median(List.of(s(50), s(10), s(40), s(20)))).contains(s(30));
  }
}
