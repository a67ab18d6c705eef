package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Errors of one project that share a fingerprint, with their count and time span; or, of {@link
 * IncidentKind#RUNTIME kind runtime}, the repeats of one runtime signal (see {@link
 * RuntimeIncidentStore}).
 */
public record Incident(
    long id,
    long projectId,
    String fingerprint,
    String title,
    String culprit,
    IncidentStatus status,
    long count,
    Instant firstSeen,
    Instant lastSeen,
    IncidentKind kind) {

  public Incident {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(culprit, "culprit");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(kind, "kind");
  }

  /** Whether code healing may pick it: only incidents made from error events. */
  public boolean healable() {
    return kind == IncidentKind.ERROR;
  }
}
