package dev.kintsugi.sandbox.testrun;

import java.time.Duration;

/** A point in time on the monotonic clock, or none. */
final class Deadline {

  private static final Duration FOREVER = Duration.ofDays(365);

  private final long nanos;
  private final boolean bounded;

  private Deadline(long nanos, boolean bounded) {
    this.nanos = nanos;
    this.bounded = bounded;
  }

  static Deadline in(Duration duration) {
    return new Deadline(System.nanoTime() + duration.toNanos(), true);
  }

  static Deadline none() {
    return new Deadline(0, false);
  }

  Duration remaining() {
    return bounded ? Duration.ofNanos(Math.max(0, nanos - System.nanoTime())) : FOREVER;
  }

  boolean passed() {
    return bounded && nanos - System.nanoTime() <= 0;
  }
}
