package dev.kintsugi.server.ingest;

import java.util.List;

/**
 * The parts of a Sentry envelope the server keeps: its header's {@code event_id} (empty when
 * absent) and the payloads of its {@code event} items. Other items (sessions, client reports,
 * transactions, attachments, ...) are read past and dropped.
 */
record Envelope(String eventId, List<byte[]> events) {
  Envelope {
    events = List.copyOf(events);
  }
}
