package dev.kintsugi.agent.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void growsExponentiallyWithJitterUpToTheMaximum() {
    Backoff b = new Backoff(100, 1000, new Random(42));
    for (int attempt = 1; attempt <= 10; attempt++) {
      long full = Math.min(1000, 100L << (attempt - 1));
      long d = b.delayMillis(attempt);
      assertThat(d).isBetween(full / 2, full);
    }
    long first = b.delayMillis(1);
    long sixth = b.delayMillis(6);
    assertThat(sixth).isGreaterThan(first);
  }

  @Test
  void theJitterDiffersBetweenHosts() {
    long a = new Backoff(1000, 60_000, new Random(1)).delayMillis(3);
    long b = new Backoff(1000, 60_000, new Random(2)).delayMillis(3);
    assertThat(a).isNotEqualTo(b);
  }
}
