package dev.kintsugi.agent.internal.capture;

import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns a throwable into a {@link Capture} and hands it to the sender, once: a throwable, or one
 * whose cause chain holds a throwable, that was captured already is skipped (logged, then rethrown
 * to the uncaught handler, is one event — as Sentry's duplicate detection). Never blocks.
 */
public final class Capturer {
  /** Exceptions of a cause chain taken into one event at most. */
  public static final int MAX_CHAIN = 10;

  private final ThrowRecords records;
  private final WeakIdentityMap<Throwable, Boolean> seen;
  private final Predicate<Capture> sink;
  private final Clock clock;

  /**
   * @param sink takes a capture without blocking; false when it dropped it
   */
  public Capturer(ThrowRecords records, int maxSeen, Predicate<Capture> sink, Clock clock) {
    this.records = records;
    this.seen = new WeakIdentityMap<>(maxSeen);
    this.sink = sink;
    this.clock = clock;
  }

  /** Captures {@code t}; false when it was a duplicate or the queue dropped it. */
  public boolean capture(Throwable t, Mechanism mechanism, String logger, String message) {
    List<Throwable> chain = chain(t);
    for (int i = 1; i < chain.size(); i++) {
      if (seen.containsKey(chain.get(i))) {
        return false;
      }
    }
    if (!seen.putIfAbsent(t, Boolean.TRUE) && seen.containsKey(t)) {
      return false;
    }
    Map<Throwable, List<FrameRecord>> byThrowable = new IdentityHashMap<>();
    for (Throwable c : chain) {
      seen.putIfAbsent(c, Boolean.TRUE);
      byThrowable.put(c, records.take(c));
    }
    return sink.test(
        new Capture(
            t,
            mechanism,
            logger,
            message,
            clock.millis(),
            Thread.currentThread().getName(),
            byThrowable));
  }

  /** {@code t} and its causes, outermost first, without repeats. */
  public static List<Throwable> chain(Throwable t) {
    List<Throwable> out = new ArrayList<>();
    IdentityHashMap<Throwable, Boolean> visited = new IdentityHashMap<>();
    for (Throwable c = t; c != null && out.size() < MAX_CHAIN; c = c.getCause()) {
      if (visited.put(c, Boolean.TRUE) != null) {
        break;
      }
      out.add(c);
    }
    return out;
  }
}
