package dev.kintsugi.worker;

import java.lang.instrument.Instrumentation;
import java.util.Optional;

/**
 * The worker jar as a Java agent ({@code -javaagent:kintsugi-worker.jar}, manifest {@code
 * Premain-Class}): it does nothing but keep the JVM's {@link Instrumentation}, through which a warm
 * session swaps a candidate's method bodies into classes already loaded (HotSwap).
 */
public final class WorkerAgent {

  private static volatile Instrumentation instrumentation;

  private WorkerAgent() {}

  /** Called by the JVM before {@code main} when the worker jar is given as {@code -javaagent}. */
  public static void premain(String args, Instrumentation inst) {
    instrumentation = inst;
  }

  /** The JVM's instrumentation, when the worker was started as an agent that may redefine. */
  static Optional<Instrumentation> instrumentation() {
    Instrumentation inst = instrumentation;
    return inst != null && inst.isRedefineClassesSupported() ? Optional.of(inst) : Optional.empty();
  }
}
