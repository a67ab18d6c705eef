package dev.kintsugi.runtime.rollout;

/**
 * What one backend served in one time bucket.
 *
 * @param startMillis the bucket's start (epoch milliseconds)
 * @param requests requests sent to the backend that completed in the bucket
 * @param errors of those, answered 5xx or failed (no connection, reset, timeout)
 * @param p50Millis the median latency of the answered requests (NaN when none was answered)
 * @param p99Millis their 99th percentile (nearest rank; NaN when none was answered)
 */
public record TrafficBucket(
    long startMillis, long requests, long errors, double p50Millis, double p99Millis) {

  /** Errors per request in this bucket (NaN without requests). */
  public double errorRate() {
    return requests == 0 ? Double.NaN : (double) errors / requests;
  }
}
