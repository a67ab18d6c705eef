package dev.kintsugi.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The JVM's live threads, listed without taking stack traces. */
final class Threads {

  private Threads() {}

  static List<Thread> live() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n;
    while ((n = root.enumerate(threads, true)) == threads.length) {
      threads = new Thread[threads.length * 2];
    }
    return Arrays.stream(threads, 0, n).filter(Objects::nonNull).toList();
  }

  /**
   * Live threads other than the caller whose context class loader is {@code loader}: threads
   * inherit it from the thread that started them, so these are the threads the tests started.
   */
  static List<Thread> withContextLoader(ClassLoader loader) {
    List<Thread> found = new ArrayList<>();
    for (Thread thread : live()) {
      if (thread != Thread.currentThread()
          && thread.isAlive()
          && thread.getContextClassLoader() == loader) {
        found.add(thread);
      }
    }
    return found;
  }

  /**
   * Interrupts threads the tests left behind and waits up to {@code graceMillis} in all for them to
   * end.
   *
   * @return why the worker is unfit when one of them still runs (a busy loop ignoring interrupts)
   */
  static Optional<String> stop(List<Thread> threads, long graceMillis) throws InterruptedException {
    threads.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + graceMillis * 1_000_000;
    for (Thread thread : threads) {
      long remaining = (deadline - System.nanoTime()) / 1_000_000;
      if (remaining > 0) {
        thread.join(remaining);
      }
    }
    for (Thread thread : threads) {
      if (thread.isAlive() && thread.getState() == Thread.State.RUNNABLE) {
        return Optional.of(
            "thread \"" + thread.getName() + "\" started by the tests is still running");
      }
    }
    return Optional.empty();
  }
}
