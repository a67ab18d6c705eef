package dev.kintsugi.agent.internal.bridge;

/**
 * The one class instrumented code calls. The agent appends it (with {@link Sink}) to the bootstrap
 * class path before anything loads it, so classes of every class loader, JDK logging included, see
 * the same class; it refers to {@code java.lang} types only for that reason.
 *
 * <p>Every entry point swallows whatever the agent throws: instrumented code must behave exactly as
 * if the agent were absent. Internal: not for applications (they use {@code Kintsugi.capture}).
 */
public final class Bridge {

  /** What the agent does with the calls; installed once the agent has started. */
  public interface Sink {
    /**
     * A method of an in-app class is exiting by {@code thrown}.
     *
     * @param self the instance, null for static methods
     * @param instance whether the method is an instance method
     * @param type binary name of the declaring class
     * @param method method name
     * @param names parameter names separated by commas (empty for none)
     * @param args the arguments' current values
     */
    void exited(
        Throwable thrown,
        Object self,
        boolean instance,
        String type,
        String method,
        String names,
        Object[] args);

    /** A logging framework got {@code thrown} at ERROR (SEVERE) or above. */
    void logged(Throwable thrown, String framework, String logger, Object message);

    /** The application asked to capture {@code thrown}. */
    void captured(Throwable thrown);
  }

  private static volatile Sink sink;

  private Bridge() {}

  /** Installs (or, with null, removes) the sink. */
  public static void install(Sink newSink) {
    sink = newSink;
  }

  /** Called by the exit advice of in-app methods, only when they exit by an exception. */
  public static void exited(
      Throwable thrown,
      Object self,
      boolean instance,
      String type,
      String method,
      String names,
      Object[] args) {
    Sink s = sink;
    if (s != null && thrown != null) {
      try {
        s.exited(thrown, self, instance, type, method, names, args);
      } catch (Throwable ignored) {
        // The host must not see the agent fail.
      }
    }
  }

  /** Called by the logging advice. */
  public static void logged(Throwable thrown, String framework, String logger, Object message) {
    Sink s = sink;
    if (s != null && thrown != null) {
      try {
        s.logged(thrown, framework, logger, message);
      } catch (Throwable ignored) {
        // The host must not see the agent fail.
      }
    }
  }

  /** Called by {@code Kintsugi.capture}. */
  public static void captured(Throwable thrown) {
    Sink s = sink;
    if (s != null && thrown != null) {
      try {
        s.captured(thrown);
      } catch (Throwable ignored) {
        // The host must not see the agent fail.
      }
    }
  }
}
