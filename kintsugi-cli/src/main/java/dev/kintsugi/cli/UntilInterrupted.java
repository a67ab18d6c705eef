package dev.kintsugi.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a command running until Ctrl-C (or any JVM shutdown), then lets it close what it opened:
 * the shutdown hook waits (a bounded time) until the command says it {@link #closed}, so servers
 * stop and child processes are killed instead of being cut off mid-way.
 */
final class UntilInterrupted {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  private UntilInterrupted() {}

  static UntilInterrupted install() {
    UntilInterrupted u = new UntilInterrupted();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  u.stop.countDown();
                  try {
                    u.closed.await(20, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "kintsugi-until-interrupted"));
    return u;
  }

  /** Blocks until the JVM is asked to stop. */
  void await() throws InterruptedException {
    stop.await();
  }

  /** The command closed what it opened: the JVM may stop. */
  void closed() {
    closed.countDown();
  }
}
