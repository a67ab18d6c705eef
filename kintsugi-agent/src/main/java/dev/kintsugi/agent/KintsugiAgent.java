package dev.kintsugi.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point ({@code Premain-Class} and {@code Agent-Class} of the jar).
 * Options: see the module's {@code ARCHITECTURE.md} section and {@link Kintsugi}.
 *
 * <p>Stable: the two entry points. Whatever goes wrong, the host starts and runs normally; the
 * agent reports one line on stderr and does nothing.
 */
public final class KintsugiAgent {
  private static final String STARTER = "dev.kintsugi.agent.internal.AgentStarter";
  private static boolean started;

  private KintsugiAgent() {}

  /** Called by the JVM before {@code main} for {@code -javaagent:kintsugi-agent.jar=OPTIONS}. */
  public static void premain(String options, Instrumentation inst) {
    start(options, inst);
  }

  /** Called when the agent is attached to a running JVM. */
  public static void agentmain(String options, Instrumentation inst) {
    start(options, inst);
  }

  private static synchronized void start(String options, Instrumentation inst) {
    try {
      if (started) {
        return;
      }
      started = true;
      boolean bridged;
      try {
        BootstrapBridge.inject(inst);
        bridged = true;
      } catch (Throwable t) {
        bridged = false;
        System.err.println(
            "[kintsugi-agent] cannot extend the bootstrap class path, so no instrumentation"
                + " (uncaught and API errors only): "
                + t);
      }
      Class.forName(STARTER, true, KintsugiAgent.class.getClassLoader())
          .getMethod("start", String.class, Instrumentation.class, boolean.class)
          .invoke(null, options, inst, bridged);
    } catch (Throwable t) {
      try {
        System.err.println(
            "[kintsugi-agent] failed to start; the application runs without it: " + t);
      } catch (Throwable ignored) {
        // Nothing left to do.
      }
    }
  }
}
