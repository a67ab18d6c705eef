package dev.kintsugi.runtime.canary;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An error incident the canary's release raised in the judged window.
 *
 * @param firstRelease the release its events named first (empty when they named none)
 * @param events how many of its events named the canary's release in the window
 * @param kind what it says about the canary
 */
public record CanaryIncident(
    long id,
    String fingerprint,
    String title,
    String status,
    Instant firstSeen,
    Optional<String> firstRelease,
    long events,
    Kind kind) {

  /** What an incident the canary raised says about it. */
  public enum Kind {
    /**
     * Kintsugi knew it before the window (open, being healed, or resolved and now back): the canary
     * fails at once — a release that still raises a known error is no better, and a fix that does
     * is no fix.
     */
    KNOWN,
    /**
     * First seen in the window, with the canary's release: an error the baseline never raised. It
     * fails the canary too (rather than counting as a metric): there is no baseline distribution to
     * test it against, and a fingerprint no earlier release produced is a regression by itself.
     */
    NEW,
    /**
     * First seen in the window but with another release (the baseline raised it too): something
     * around both versions, reported but not held against the canary.
     */
    SHARED,
    /** A fingerprint people chose to ignore: reported only. */
    IGNORED;

    /** The word the API uses. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether it fails the canary. */
    public boolean fails() {
      return this == KNOWN || this == NEW;
    }
  }

  public CanaryIncident {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(firstRelease, "firstRelease");
    Objects.requireNonNull(kind, "kind");
  }
}
