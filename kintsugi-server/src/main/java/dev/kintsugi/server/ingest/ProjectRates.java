package dev.kintsugi.server.ingest;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Events per minute per project: a Bucket4j token bucket per project holding a minute's allowance,
 * refilled continuously. A project's own rate (read through {@code override}) is looked up again
 * after {@link #REFRESH}, so a change reaches ingest within that time without a read per request.
 * Buckets live in this server's memory: several servers on one database each allow the rate.
 */
final class ProjectRates {
  static final Duration REFRESH = Duration.ofSeconds(30);

  private record Entry(int perMinute, Bucket bucket, long loadedNanos) {}

  private final int defaultPerMinute;
  private final LongFunction<OptionalInt> override;
  private final Map<Long, Entry> buckets = new ConcurrentHashMap<>();

  ProjectRates(int defaultPerMinute, LongFunction<OptionalInt> override) {
    this.defaultPerMinute = defaultPerMinute;
    this.override = override;
  }

  /**
   * Takes {@code events} from the project's allowance.
   *
   * @return 0 when admitted, else the whole seconds (at least 1) until they would be; nothing is
   *     taken then
   */
  long acquire(long projectId, int events) {
    if (events == 0) {
      return 0;
    }
    Entry entry = entry(projectId);
    if (events > entry.perMinute()) {
      return 60; // never fits at once; a minute is the honest answer
    }
    ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(events);
    if (probe.isConsumed()) {
      return 0;
    }
    return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
  }

  private Entry entry(long projectId) {
    long now = System.nanoTime();
    Entry entry = buckets.get(projectId);
    if (entry != null && now - entry.loadedNanos() < REFRESH.toNanos()) {
      return entry;
    }
    int perMinute = override.apply(projectId).orElse(defaultPerMinute);
    Entry fresh =
        entry != null && entry.perMinute() == perMinute
            ? new Entry(perMinute, entry.bucket(), now)
            : new Entry(perMinute, bucket(perMinute), now);
    buckets.put(projectId, fresh);
    return fresh;
  }

  private static Bucket bucket(int perMinute) {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(perMinute)
                .refillGreedy(perMinute, Duration.ofMinutes(1))
                .build())
        .build();
  }
}
