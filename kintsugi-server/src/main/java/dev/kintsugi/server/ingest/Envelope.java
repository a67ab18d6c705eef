package dev.kintsugi.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The parts of a Sentry envelope the server keeps: its header and the payloads of its {@code event}
 * items. Other items (sessions, client reports, transactions, attachments, ...) are read past and
 * dropped.
 */
record Envelope(JsonNode header, List<byte[]> events) {
  Envelope {
    events = List.copyOf(events);
  }
}
