package dev.kintsugi.server.journal;

/**
 * The journal's unapplied backlog is full: the caller should answer 429 and ask the client to retry
 * later.
 */
public final class Overloaded extends Exception {
  public Overloaded() {
    this("ingest backlog full");
  }

  /** With what is full, for the response. */
  public Overloaded(String detail) {
    super(detail, null, false, false);
  }
}
