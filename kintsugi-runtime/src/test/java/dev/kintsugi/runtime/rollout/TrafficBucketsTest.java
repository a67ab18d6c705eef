package dev.kintsugi.runtime.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.runtime.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficBucketsTest {

  @Test
  void eachWholeBucketWithTrafficIsOneSampleOfErrorRateAndLatency() {
    MovingClock clock = new MovingClock(Instant.ofEpochMilli(10_000));
    TrafficBuckets traffic = new TrafficBuckets(Duration.ofSeconds(1), clock);
    for (int i = 1; i <= 100; i++) {
      traffic.answered(i <= 10 ? 500 : 200, i); // latencies 1..100 ms, 10 % 5xx
    }
    clock.advance(Duration.ofSeconds(2)); // 11 s: nothing; 12 s: one failure
    traffic.failed();
    clock.advance(Duration.ofMillis(500));
    traffic.answered(200, 7);

    List<TrafficBucket> all = traffic.between(10_000, 13_000);
    assertThat(all).extracting(TrafficBucket::startMillis).containsExactly(10_000L, 12_000L);
    TrafficBucket first = all.get(0);
    assertThat(first.requests()).isEqualTo(100);
    assertThat(first.errorRate()).isEqualTo(0.1);
    assertThat(first.p50Millis()).isEqualTo(50);
    assertThat(first.p99Millis()).isEqualTo(99);
    TrafficBucket last = all.get(1);
    assertThat(last.errorRate()).isEqualTo(0.5);
    assertThat(last.p99Millis()).isEqualTo(7);

    // A bucket the window only partly covers (a weight changed inside it) is left out.
    assertThat(traffic.between(10_001, 13_000))
        .extracting(TrafficBucket::startMillis)
        .containsExactly(12_000L);
    assertThat(traffic.between(10_000, 12_999))
        .extracting(TrafficBucket::startMillis)
        .containsExactly(10_000L);
  }

  @Test
  void percentilesAreNearestRankAndNaNWithoutAnswers() {
    assertThat(TrafficBuckets.percentile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
    assertThat(TrafficBuckets.percentile(new double[] {1, 2, 3, 4}, 0.99)).isEqualTo(4);
    assertThat(TrafficBuckets.percentile(new double[0], 0.5)).isNaN();
  }
}
