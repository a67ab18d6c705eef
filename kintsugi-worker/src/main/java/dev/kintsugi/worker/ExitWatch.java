package dev.kintsugi.worker;

import java.util.Map;
import java.util.Optional;

/**
 * Turns a test's {@code System.exit} into that test's result. The exit cannot be refused without a
 * SecurityManager (deprecated for removal, and it would slow down or change every permission check
 * the project's code makes), and Surefire's JVM ends too, so the worker ends as well; but a
 * shutdown hook still runs while the exiting thread is parked inside {@code Runtime.exit}: it
 * reports the test as an error with the stack of the call (which localizes the fault) and its
 * coverage, then retires the worker. The worker's own ends use {@code Runtime.halt}, which runs no
 * hooks; a signal from the parent runs them without a thread inside {@code Runtime.exit}, and
 * nothing is reported.
 */
final class ExitWatch {

  /** Receives the exit of the test that was running. */
  interface Reporter {
    void exited(Running test, Outcome outcome);
  }

  /** The test running now, with what its report needs. */
  record Running(String id, long startNanos, int index) {}

  private volatile Running running;

  /** Watches from now on; {@code reporter} runs on the shutdown hook's thread. */
  static ExitWatch install(Reporter reporter) {
    ExitWatch watch = new ExitWatch();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> watch.onExit(reporter), "kintsugi-exit-watch"));
    return watch;
  }

  void starts(Running test) {
    running = test;
  }

  void ends() {
    running = null;
  }

  private void onExit(Reporter reporter) {
    Running test = running;
    if (test == null) {
      return;
    }
    exitingStack().ifPresent(trace -> reporter.exited(test, outcome(trace)));
  }

  /** The frames of the thread inside {@code Runtime.exit}, from {@code System.exit} on. */
  static Optional<StackTraceElement[]> exitingStack() {
    for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
      StackTraceElement[] frames = entry.getValue();
      for (int i = 0; i < frames.length; i++) {
        if (frames[i].getClassName().equals("java.lang.Runtime")
            && frames[i].getMethodName().equals("exit")) {
          int from =
              i + 1 < frames.length && frames[i + 1].getClassName().equals("java.lang.System")
                  ? i + 1
                  : i;
          StackTraceElement[] trace = new StackTraceElement[frames.length - from];
          System.arraycopy(frames, from, trace, 0, trace.length);
          return Optional.of(trace);
        }
      }
    }
    return Optional.empty();
  }

  static Outcome outcome(StackTraceElement[] trace) {
    String message = "System.exit called: the test ended the JVM";
    StringBuilder text = new StringBuilder(message).append(System.lineSeparator());
    for (StackTraceElement frame : trace) {
      text.append("\tat ").append(frame).append(System.lineSeparator());
    }
    return new Outcome(Outcome.ERROR, "", message, text.toString());
  }
}
