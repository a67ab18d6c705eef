package dev.kintsugi.worker;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one test method on its own thread and waits at most the time limit. A test that overruns
 * cannot be stopped safely (a busy loop ignores interrupts), so the caller ends the whole worker.
 */
final class TimedTest {

  private final FrameworkAdapter adapter;
  private final ClassLoader loader;

  TimedTest(FrameworkAdapter adapter, ClassLoader loader) {
    this.adapter = adapter;
    this.loader = loader;
  }

  /** The test's outcome, or a TIMEOUT outcome whose trace shows where the test was stuck. */
  Outcome run(String className, String methodName, long timeoutMillis) throws InterruptedException {
    AtomicReference<Outcome> outcome = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                outcome.set(adapter.run(className, methodName));
              } catch (Throwable thrown) {
                Outcome failed = Outcome.thrown(thrown);
                outcome.set(
                    new Outcome(
                        Outcome.ERROR,
                        failed.exceptionType(),
                        failed.message(),
                        failed.stackTrace()));
              }
            },
            "kintsugi-test");
    thread.setDaemon(true);
    thread.setContextClassLoader(loader);
    thread.start();
    thread.join(timeoutMillis);
    if (thread.isAlive()) {
      return timedOut(thread, timeoutMillis);
    }
    return outcome.get();
  }

  private static Outcome timedOut(Thread thread, long timeoutMillis) {
    String message = "test did not finish within " + timeoutMillis + " ms";
    StringBuilder trace = new StringBuilder("java.util.concurrent.TimeoutException: ");
    trace.append(message).append(System.lineSeparator());
    for (StackTraceElement frame : thread.getStackTrace()) {
      trace.append("\tat ").append(frame).append(System.lineSeparator());
    }
    return new Outcome(
        Outcome.TIMEOUT, "java.util.concurrent.TimeoutException", message, trace.toString());
  }
}
