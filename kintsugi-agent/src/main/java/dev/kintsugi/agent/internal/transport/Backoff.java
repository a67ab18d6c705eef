package dev.kintsugi.agent.internal.transport;

import java.util.Random;

/**
 * Delays between retries: exponential from {@code base} up to {@code max}, with "equal jitter"
 * (half fixed, half random) so that many hosts recovering at once do not retry in step.
 */
public final class Backoff {
  private final long baseMillis;
  private final long maxMillis;
  private final Random random;

  public Backoff(long baseMillis, long maxMillis, Random random) {
    if (baseMillis < 1 || maxMillis < baseMillis) {
      throw new IllegalArgumentException(
          "backoff needs 1 <= base <= max, was " + baseMillis + ", " + maxMillis);
    }
    this.baseMillis = baseMillis;
    this.maxMillis = maxMillis;
    this.random = random;
  }

  /** 1 s doubling to 60 s. */
  public static Backoff defaults() {
    return new Backoff(1000, 60_000, new Random());
  }

  /** The delay before retry number {@code attempt} (1 for the first retry). */
  public long delayMillis(int attempt) {
    int shift = Math.max(0, Math.min(attempt - 1, 30));
    long full = Math.min(maxMillis, baseMillis << shift);
    long half = full / 2;
    synchronized (random) {
      return full - half + (long) (random.nextDouble() * (half + 1));
    }
  }
}
