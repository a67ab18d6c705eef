package dev.kintsugi.agent.internal.transport;

import dev.kintsugi.agent.internal.AgentLog;
import dev.kintsugi.agent.internal.AgentThread;
import dev.kintsugi.agent.internal.config.Dsn;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers captured items: a bounded queue that never blocks the capturing thread (a full queue
 * drops and counts), drained by one daemon thread that encodes each item as an envelope and posts
 * it, several per wake-up over keep-alive connections.
 *
 * <p>Failures: I/O errors and 5xx back off exponentially with jitter; 429 waits for {@code
 * Retry-After}; {@code X-Sentry-Rate-Limits} pauses error events; other 4xx drop the envelope
 * (logged once). While paused, envelopes go to the {@link Spool}, which is replayed oldest first
 * once the pause is over; a replayed file is deleted only after a 2xx. {@link #close} flushes
 * within a deadline and spools what it could not send.
 *
 * @param <T> the queued item, encoded on the sender thread
 */
public final class Sender<T> {
  /** Encodes an item into an envelope. */
  public interface Encoder<T> {
    byte[] encode(T item);
  }

  static final int MAX_BATCH = 32;
  private static final int MAX_REPLAY_PER_PASS = 64;
  private static final long IDLE_MILLIS = 1000;
  private static final long RESCAN_MILLIS = 30_000;

  private enum Outcome {
    SENT,
    DROPPED,
    RETRY
  }

  // Lock-free, so a capturing thread never waits for the sender (or a descheduled lock holder).
  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int capacity;
  private volatile boolean parked;

  /**
   * While paused (backoff, rate limit) offers do not wake the sender: it spools what queued up once
   * per wake-up, so an error storm during an outage costs a bounded number of file writes and
   * overflowing offers are dropped without a system call.
   */
  private volatile boolean paused;

  private final Encoder<T> encoder;
  private final HttpTransport transport;
  private final Spool spool;
  private final Clock clock;
  private final Backoff backoff;
  private final int timeoutMillis;
  private final String target;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong droppedQueue = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong spooled = new AtomicLong();
  private final Thread thread;
  private volatile long closeDeadline;
  private volatile boolean closing;

  // Sender thread only.
  private long blockedUntil;
  private int failures;

  public Sender(
      Dsn dsn,
      String sdkVersion,
      int queueSize,
      Encoder<T> encoder,
      Spool spool,
      Clock clock,
      Backoff backoff,
      int timeoutMillis)
      throws IOException {
    this.capacity = queueSize;
    this.encoder = encoder;
    this.transport = new HttpTransport(dsn, sdkVersion);
    this.spool = spool;
    this.clock = clock;
    this.backoff = backoff;
    this.timeoutMillis = timeoutMillis;
    this.target = dsn.toString();
    this.thread = new AgentThread("sender", this::run);
  }

  public Sender<T> start() {
    thread.start();
    return this;
  }

  /** Queues an item without blocking; false (and counted) when the queue is full or closed. */
  public boolean offer(T item) {
    if (closing) {
      return drop();
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      return drop();
    }
    queue.offer(item);
    if (parked && !paused) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  private boolean drop() {
    droppedQueue.incrementAndGet();
    AgentLog.once("queue-full", "event queue full or closed: dropping events", null);
    return false;
  }

  /**
   * Stops taking items and sends what is queued within {@code timeoutMillis}; what cannot be sent
   * in time is spooled. Returns when done or a little after the deadline.
   */
  public void close(long timeoutMillis) {
    if (closing) {
      return;
    }
    closeDeadline = clock.millis() + timeoutMillis;
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(timeoutMillis + 500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public long sent() {
    return sent.get();
  }

  /** Items dropped because the queue was full (or closed). */
  public long droppedQueue() {
    return droppedQueue.get();
  }

  /** Envelopes refused by the server with a 4xx other than 429, and not retried. */
  public long refused() {
    return refused.get();
  }

  /** Envelopes written to the spool. */
  public long spooled() {
    return spooled.get();
  }

  public Path spoolDir() {
    return spool.dir();
  }

  private void run() {
    List<T> batch = new ArrayList<>(MAX_BATCH);
    boolean spoolPending = true;
    long lastScan = clock.millis();
    while (!closing) {
      try {
        long now = clock.millis();
        long wait;
        if (now < blockedUntil) {
          wait = Math.min(blockedUntil - now, IDLE_MILLIS);
        } else {
          wait = spoolPending ? 0 : IDLE_MILLIS;
        }
        paused = now < blockedUntil;
        if (wait > 0 && (queue.isEmpty() || paused)) {
          park(wait);
        }
        drain(batch, MAX_BATCH);
        now = clock.millis();
        if (now >= blockedUntil && (spoolPending || now - lastScan >= RESCAN_MILLIS)) {
          lastScan = now;
          spoolPending = replay(Long.MAX_VALUE);
        }
        for (T item : batch) {
          if (deliver(item, false)) {
            spoolPending = true;
          }
        }
      } catch (Throwable t) {
        AgentLog.once("sender", "sender failed, continuing", t);
      } finally {
        batch.clear();
      }
    }
    flush();
    spool.close();
  }

  /** Sends or spools one item; true when it was spooled. */
  private boolean deliver(T item, boolean closingNow) {
    byte[] envelope = encode(item);
    if (envelope == null) {
      return false;
    }
    long now = clock.millis();
    int timeout = timeoutMillis;
    if (closingNow) {
      long remaining = closeDeadline - now;
      if (remaining <= 0) {
        return spool(envelope);
      }
      timeout = (int) Math.min(timeout, remaining);
    }
    if (now < blockedUntil) {
      return spool(envelope);
    }
    return attempt(envelope, timeout) == Outcome.RETRY && spool(envelope);
  }

  /** Waits up to {@code millis} for an item or {@link #close}. */
  private void park(long millis) {
    parked = true;
    try {
      // Re-checked after publishing "parked": an offer in between has seen it and unparks.
      if ((queue.isEmpty() || paused) && !closing) {
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(millis));
      }
    } finally {
      parked = false;
    }
  }

  private void drain(List<T> into, int max) {
    for (int i = 0; i < max; i++) {
      T item = queue.poll();
      if (item == null) {
        return;
      }
      queued.decrementAndGet();
      into.add(item);
    }
  }

  /** On close: the queue first (it would be lost), then the spool while time remains. */
  private void flush() {
    List<T> rest = new ArrayList<>();
    drain(rest, Integer.MAX_VALUE);
    for (T item : rest) {
      try {
        deliver(item, true);
      } catch (Throwable t) {
        AgentLog.once("flush", "could not flush an event", t);
      }
    }
    try {
      replay(closeDeadline);
    } catch (Throwable t) {
      AgentLog.once("flush", "could not flush an event", t);
    }
  }

  /**
   * Replays the spool oldest first until {@code deadline}; true when files remain to replay. Stops
   * early when {@link #close} begins, unless it is the flush itself (a finite deadline).
   */
  private boolean replay(long deadline) {
    List<Path> files = spool.files();
    if (files.isEmpty() || !spool.acquireReplayLock()) {
      return false;
    }
    boolean flushing = deadline != Long.MAX_VALUE;
    int n = 0;
    for (Path file : files) {
      long now = clock.millis();
      if ((closing && !flushing)
          || now >= deadline
          || n++ == MAX_REPLAY_PER_PASS
          || now < blockedUntil) {
        return true;
      }
      byte[] envelope = spool.read(file);
      int timeout = (int) Math.min(timeoutMillis, Math.max(1, deadline - now));
      if (envelope != null && attempt(envelope, timeout) == Outcome.RETRY) {
        return true;
      }
      spool.delete(file);
    }
    return false;
  }

  private Outcome attempt(byte[] envelope, int timeout) {
    Response r;
    try {
      r = sendRetryingStaleConnection(envelope, timeout);
    } catch (IOException | RuntimeException e) {
      failed();
      AgentLog.once(
          "unreachable",
          "cannot reach " + target + "; events are spooled to " + spool.dir() + " until it answers",
          e);
      return Outcome.RETRY;
    }
    long now = clock.millis();
    if (r.rateLimitMillis > 0) {
      blockedUntil = Math.max(blockedUntil, now + r.rateLimitMillis);
    }
    if (r.status >= 200 && r.status < 300) {
      failures = 0;
      sent.incrementAndGet();
      return Outcome.SENT;
    }
    if (r.status == 429) {
      blockedUntil = Math.max(blockedUntil, now + r.retryAfterMillis);
      return Outcome.RETRY;
    }
    if (r.status >= 500) {
      failed();
      AgentLog.once("status-5xx", target + " answered HTTP " + r.status + "; retrying later", null);
      return Outcome.RETRY;
    }
    refused.incrementAndGet();
    AgentLog.once(
        "status-" + r.status,
        target
            + " refused an event with HTTP "
            + r.status
            + (r.status == 401 || r.status == 403 || r.status == 404 ? " (check the DSN)" : "")
            + "; dropped",
        null);
    return Outcome.DROPPED;
  }

  /**
   * Sends once more at once when a kept-alive connection turns out to have been closed by the
   * server (the body is streamed, so {@link java.net.HttpURLConnection} cannot retry by itself); a
   * refused connection is a real failure.
   */
  private Response sendRetryingStaleConnection(byte[] envelope, int timeout) throws IOException {
    try {
      return transport.send(envelope, timeout);
    } catch (ConnectException | SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      return transport.send(envelope, timeout);
    }
  }

  private void failed() {
    failures++;
    blockedUntil = clock.millis() + backoff.delayMillis(failures);
  }

  private boolean spool(byte[] envelope) {
    if (spool.write(envelope)) {
      spooled.incrementAndGet();
      return true;
    }
    return false;
  }

  private byte[] encode(T item) {
    try {
      return encoder.encode(item);
    } catch (Throwable t) {
      AgentLog.once("encode", "could not build an event, dropped", t);
      return null;
    }
  }
}
