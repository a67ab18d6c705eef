package dev.kintsugi.server.group;

import java.util.Objects;

/**
 * How an event is grouped: the incident's fingerprint (a SHA-256 hex digest of its grouping
 * components), and the human-readable title and culprit shown for it.
 */
public record Grouping(String fingerprint, String title, String culprit) {
  public Grouping {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(culprit, "culprit");
  }
}
