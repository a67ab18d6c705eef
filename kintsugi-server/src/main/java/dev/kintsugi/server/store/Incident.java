package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;

/** Errors of one project that share a fingerprint, with their count and time span. */
public record Incident(
    long id,
    long projectId,
    String fingerprint,
    String title,
    String culprit,
    IncidentStatus status,
    long count,
    Instant firstSeen,
    Instant lastSeen) {

  public Incident {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(culprit, "culprit");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
