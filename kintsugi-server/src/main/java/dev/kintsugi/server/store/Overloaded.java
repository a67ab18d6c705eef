package dev.kintsugi.server.store;

/** The write queue is full: the caller should answer 429 and ask the client to retry later. */
public final class Overloaded extends Exception {
  public Overloaded() {
    super("write queue full", null, false, false);
  }
}
