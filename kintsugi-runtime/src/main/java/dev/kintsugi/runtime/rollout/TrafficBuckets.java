package dev.kintsugi.runtime.rollout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One backend's traffic in fixed time buckets (a second by default): per bucket the requests, the
 * errors (5xx and failures) and the latencies of answered requests. The judge compares buckets:
 * each bucket's error rate and latency percentiles are one sample. Thread-safe; old buckets are
 * dropped past {@link #RETENTION}.
 */
public final class TrafficBuckets {

  /** Buckets older than this are dropped: a rollout's steps are minutes, not hours. */
  static final Duration RETENTION = Duration.ofHours(6);

  /** Latencies a bucket keeps at most; its percentiles are of the first ones past that. */
  static final int MAX_LATENCIES = 100_000;

  private final long widthMillis;
  private final Clock clock;
  private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();

  /**
   * @param width each bucket's length
   * @param clock when a request completed
   */
  public TrafficBuckets(Duration width, Clock clock) {
    if (width.toMillis() < 1) {
      throw new IllegalArgumentException("bucket width must be at least 1 ms: " + width);
    }
    this.widthMillis = width.toMillis();
    this.clock = clock;
  }

  /** A request answered with {@code status} after {@code latencyMillis}; 5xx counts as an error. */
  public void answered(int status, double latencyMillis) {
    bucket().add(status >= 500, latencyMillis);
  }

  /** A request that got no answer (no connection, reset, timeout): an error, without a latency. */
  public void failed() {
    bucket().add(true, Double.NaN);
  }

  /** The bucket width in milliseconds. */
  public long widthMillis() {
    return widthMillis;
  }

  /**
   * The buckets wholly inside {@code [fromMillis, toMillis)} that saw at least one request, oldest
   * first; a bucket a weight change fell into is left out, so each holds one weight's traffic.
   */
  public List<TrafficBucket> between(long fromMillis, long toMillis) {
    long first = Math.floorDiv(fromMillis + widthMillis - 1, widthMillis);
    long end = Math.floorDiv(toMillis, widthMillis); // the bucket toMillis falls in is not whole
    List<TrafficBucket> out = new ArrayList<>();
    if (first >= end) {
      return out;
    }
    ConcurrentNavigableMap<Long, Bucket> range = buckets.subMap(first, true, end, false);
    for (Map.Entry<Long, Bucket> e : range.entrySet()) {
      TrafficBucket b = e.getValue().snapshot(e.getKey() * widthMillis);
      if (b.requests() > 0) {
        out.add(b);
      }
    }
    return out;
  }

  private Bucket bucket() {
    long index = Math.floorDiv(clock.millis(), widthMillis);
    Bucket b = buckets.get(index);
    if (b != null) {
      return b;
    }
    Bucket created = buckets.computeIfAbsent(index, i -> new Bucket());
    buckets.headMap(index - RETENTION.toMillis() / widthMillis).clear();
    return created;
  }

  /** One bucket being filled. */
  private static final class Bucket {
    private long requests;
    private long errors;
    private double[] latencies = new double[16];
    private int count;

    synchronized void add(boolean error, double latencyMillis) {
      requests++;
      if (error) {
        errors++;
      }
      if (!Double.isNaN(latencyMillis) && count < MAX_LATENCIES) {
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = latencyMillis;
      }
    }

    synchronized TrafficBucket snapshot(long startMillis) {
      double[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      return new TrafficBucket(
          startMillis, requests, errors, percentile(sorted, 0.5), percentile(sorted, 0.99));
    }
  }

  /** The nearest-rank percentile of sorted values (NaN for none). */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
