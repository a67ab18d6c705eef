package dev.kintsugi.agent.internal.capture;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One error to report, as taken on the capturing thread: the throwable, how it was seen, and the
 * frame records of each exception of its cause chain. The event JSON is built from it later, on the
 * sender thread.
 */
public final class Capture {
  private final Throwable throwable;
  private final Mechanism mechanism;
  private final String logger;
  private final String message;
  private final long timestampMillis;
  private final String threadName;
  private final Map<Throwable, List<FrameRecord>> records;

  public Capture(
      Throwable throwable,
      Mechanism mechanism,
      String logger,
      String message,
      long timestampMillis,
      String threadName,
      Map<Throwable, List<FrameRecord>> records) {
    this.throwable = throwable;
    this.mechanism = mechanism;
    this.logger = logger;
    this.message = message;
    this.timestampMillis = timestampMillis;
    this.threadName = threadName;
    this.records = records;
  }

  public Throwable throwable() {
    return throwable;
  }

  public Mechanism mechanism() {
    return mechanism;
  }

  /** The logger's name for logged errors, else null. */
  public String logger() {
    return logger;
  }

  /** The formatted log message for logged errors, else null. */
  public String message() {
    return message;
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  public String threadName() {
    return threadName;
  }

  /** Records of {@code t} (an exception of the chain), deepest frame first. */
  public List<FrameRecord> records(Throwable t) {
    List<FrameRecord> r = records.get(t);
    return r == null ? Collections.<FrameRecord>emptyList() : r;
  }
}
