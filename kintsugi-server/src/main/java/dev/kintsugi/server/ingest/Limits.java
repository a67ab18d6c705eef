package dev.kintsugi.server.ingest;

/**
 * What the ingest endpoints accept, as Sentry's: a body of at most {@code maxBodyBytes} on the wire
 * and again after decompression; an event of at most {@code maxEventBytes}, both as sent and as
 * stored (after scrubbing); at most {@code maxEventItems} event or transaction items and {@code
 * maxItems} items in all per envelope; and at most {@code eventsPerMinute} events per project and
 * minute (a project's own value, when set, replaces it).
 */
public record Limits(
    long maxBodyBytes, int maxEventBytes, int maxEventItems, int maxItems, int eventsPerMinute) {
  public Limits {
    if (maxBodyBytes < 1
        || maxEventBytes < 1
        || maxEventItems < 1
        || maxItems < maxEventItems
        || eventsPerMinute < 1) {
      throw new IllegalArgumentException(
          "limits must be positive (and maxItems at least maxEventItems), were "
              + maxBodyBytes
              + ", "
              + maxEventBytes
              + ", "
              + maxEventItems
              + ", "
              + maxItems
              + ", "
              + eventsPerMinute);
    }
  }

  /**
   * Sentry's sizes (Relay: 20 MB API payloads, 1 MB events, one event per envelope), 100 items per
   * envelope, and 60,000 events per project and minute (a sustained 1,000/s; a burst may use a
   * whole minute's allowance at once).
   */
  public static Limits sentry() {
    return new Limits(20L * 1024 * 1024, 1024 * 1024, 1, 100, 60_000);
  }

  /** These limits with another per-project default rate. */
  public Limits withEventsPerMinute(int eventsPerMinute) {
    return new Limits(maxBodyBytes, maxEventBytes, maxEventItems, maxItems, eventsPerMinute);
  }
}
