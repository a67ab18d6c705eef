package dev.kintsugi.agent.internal.capture;

import dev.kintsugi.agent.internal.AgentLog;
import java.util.function.Consumer;

/**
 * The default uncaught exception handler while the agent runs: captures, then does what would have
 * happened without the agent — calls the handler it replaced, or, when there was none, prints the
 * stack trace as {@link ThreadGroup#uncaughtException} does.
 */
public final class UncaughtHandler implements Thread.UncaughtExceptionHandler {
  private final Thread.UncaughtExceptionHandler previous;
  private final Consumer<Throwable> capture;

  public UncaughtHandler(Thread.UncaughtExceptionHandler previous, Consumer<Throwable> capture) {
    this.previous = previous;
    this.capture = capture;
  }

  /** Chains a new handler in front of the current default handler. */
  public static void install(Consumer<Throwable> capture) {
    Thread.setDefaultUncaughtExceptionHandler(
        new UncaughtHandler(Thread.getDefaultUncaughtExceptionHandler(), capture));
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    try {
      capture.accept(e);
    } catch (Throwable t) {
      AgentLog.once("uncaught-capture", "could not capture an uncaught exception", t);
    }
    if (previous != null) {
      previous.uncaughtException(thread, e);
    } else if (!e.getClass().getName().equals("java.lang.ThreadDeath")) {
      // By name: ThreadDeath is deprecated for removal, so the agent must not link against it.
      System.err.print("Exception in thread \"" + thread.getName() + "\" ");
      e.printStackTrace(System.err);
    }
  }
}
