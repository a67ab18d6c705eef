package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as stored.
 *
 * @param payload the scrubbed event as UTF-8 JSON
 */
public record StoredEvent(String eventId, long incidentId, Instant receivedAt, byte[] payload) {
  public StoredEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(payload, "payload");
  }
}
