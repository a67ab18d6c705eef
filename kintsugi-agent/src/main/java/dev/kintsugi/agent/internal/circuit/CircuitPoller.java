package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.AgentLog;
import dev.kintsugi.agent.internal.AgentThread;
import dev.kintsugi.agent.internal.config.Dsn;
import dev.kintsugi.agent.internal.config.Packages;
import dev.kintsugi.agent.internal.transport.Backoff;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps the agent's circuits (and faults, when on) as the server says: a daemon thread polls every
 * {@code interval}, backing off (up to ten minutes) while the server cannot be reached or answers
 * anything but the circuit list. Meanwhile the circuits stay as last heard, each until its own time
 * runs out. A failure is reported as a debug line only: a plain Sentry server has no circuits to
 * give.
 */
public final class CircuitPoller implements Runnable {
  static final long MAX_BACKOFF_MILLIS = 10 * 60_000;

  private final CircuitClient client;
  private final CircuitBoard board;
  private final long intervalMillis;
  private final Backoff backoff;
  private String etag;

  CircuitPoller(CircuitClient client, CircuitBoard board, long intervalMillis) {
    this.client = client;
    this.board = board;
    this.intervalMillis = intervalMillis;
    this.backoff =
        new Backoff(intervalMillis, Math.max(intervalMillis, MAX_BACKOFF_MILLIS), new Random());
  }

  /**
   * Starts polling for the circuits of the DSN's project, instrumenting the in-app methods they
   * name as they open.
   *
   * @param intervalMillis time between polls (more while failing)
   * @param faults whether the server's injected faults are acted on ({@code faults=on}); when off
   *     they are ignored entirely: no method is instrumented or slowed for them
   */
  public static void start(
      Dsn dsn,
      Packages packages,
      Instrumentation inst,
      String userAgent,
      int timeoutMillis,
      long intervalMillis,
      boolean faults)
      throws IOException {
    CircuitBoard board =
        new CircuitBoard(
            packages,
            new CircuitInstaller(inst),
            System::nanoTime,
            () -> ThreadLocalRandom.current().nextDouble());
    CircuitPoller poller =
        new CircuitPoller(
            new CircuitClient(dsn, userAgent, timeoutMillis, faults), board, intervalMillis);
    new AgentThread("circuits", poller).start();
  }

  @Override
  public void run() {
    int failures = 0;
    while (!Thread.currentThread().isInterrupted()) {
      long wait;
      try {
        pollOnce();
        failures = 0;
        wait = intervalMillis;
      } catch (Throwable e) {
        // Whatever went wrong, the thread keeps going and the host is not told.
        failures++;
        wait = backoff.delayMillis(failures);
        AgentLog.debug("circuit poll failed (" + e + "); next in " + wait + " ms");
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One poll: applies the circuits and faults when they changed. */
  void pollOnce() throws IOException {
    CircuitClient.Answer answer = client.fetch(etag);
    if (answer.circuits != null) {
      board.apply(answer.circuits, answer.faults);
    }
    etag = answer.etag;
  }
}
