package dev.kintsugi.runtime.detect;

import java.time.Instant;
import java.util.Objects;

/** Enforces the detector contract on the points it is fed: increasing times, finite values. */
final class StreamOrder {
  private Instant last;

  void accept(Instant at, double value) {
    requireFinite(at, value, "value");
    advance(at);
  }

  void requireFinite(Instant at, double value, String what) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " at " + at + " is not finite: " + value);
    }
  }

  void advance(Instant at) {
    Objects.requireNonNull(at, "at");
    if (last != null && !at.isAfter(last)) {
      throw new IllegalArgumentException(
          "points must come in increasing time order: " + at + " is not after " + last);
    }
    last = at;
  }
}
