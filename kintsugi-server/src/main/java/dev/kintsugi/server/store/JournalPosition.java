package dev.kintsugi.server.store;

import java.util.Objects;

/**
 * A position in a server's ingest journal: every record up to {@code seq} is in the database.
 *
 * @param journalId the journal's identity
 * @param seq the last applied record's sequence number
 */
public record JournalPosition(String journalId, long seq) {
  public JournalPosition {
    Objects.requireNonNull(journalId, "journalId");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative, was " + seq);
    }
  }
}
