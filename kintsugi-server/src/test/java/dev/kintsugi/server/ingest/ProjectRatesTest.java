package dev.kintsugi.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProjectRatesTest {
  @Test
  void aProjectGetsItsMinutesAllowanceThenWaitsForTheRefill() {
    ProjectRates rates = new ProjectRates(3, p -> OptionalInt.empty());
    assertThat(rates.acquire(1, 1)).isZero();
    assertThat(rates.acquire(1, 2)).isZero();
    // 3 per minute refill one every 20 s.
    assertThat(rates.acquire(1, 1)).isBetween(19L, 20L);
    // Another project has its own allowance; requests without events take none.
    assertThat(rates.acquire(2, 3)).isZero();
    assertThat(rates.acquire(2, 0)).isZero();
  }

  @Test
  void aProjectsOwnRateReplacesTheDefault() {
    ProjectRates rates =
        new ProjectRates(1000, p -> p == 7 ? OptionalInt.of(1) : OptionalInt.empty());
    assertThat(rates.acquire(7, 1)).isZero();
    assertThat(rates.acquire(7, 1)).isBetween(59L, 60L);
    for (int i = 0; i < 100; i++) {
      assertThat(rates.acquire(8, 1)).isZero();
    }
  }

  @Test
  void moreEventsThanAMinutesAllowanceWaitAMinute() {
    assertThat(new ProjectRates(2, p -> OptionalInt.empty()).acquire(1, 3)).isEqualTo(60);
  }
}
