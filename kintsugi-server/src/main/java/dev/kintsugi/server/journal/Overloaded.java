package dev.kintsugi.server.journal;

/**
 * The journal's unapplied backlog is full: the caller should answer 429 and ask the client to retry
 * later.
 */
public final class Overloaded extends Exception {
  public Overloaded() {
    super("ingest backlog full", null, false, false);
  }
}
