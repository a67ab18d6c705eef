package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An accepted, already scrubbed and fingerprinted event on its way to storage.
 *
 * @param payload the scrubbed event as UTF-8 JSON
 */
public record NewEvent(
    long projectId,
    String eventId,
    String fingerprint,
    String title,
    String culprit,
    Optional<String> release,
    Optional<String> environment,
    Instant receivedAt,
    byte[] payload) {

  public NewEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(culprit, "culprit");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(payload, "payload");
  }
}
