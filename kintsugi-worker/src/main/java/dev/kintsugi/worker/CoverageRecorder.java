package dev.kintsugi.worker;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-test coverage through the JaCoCo agent's runtime API, reached by reflection because the agent
 * is present only when the parent asked for coverage.
 */
final class CoverageRecorder {

  private final Object agent;
  private final Method reset;
  private final Method executionData;

  private CoverageRecorder(Object agent, Method reset, Method executionData) {
    this.agent = agent;
    this.reset = reset;
    this.executionData = executionData;
  }

  /** Connects to the agent started with {@code -javaagent:jacocoagent.jar}. */
  static CoverageRecorder connect() throws ReflectiveOperationException {
    Class<?> rt = Class.forName("org.jacoco.agent.rt.RT");
    Class<?> agentType = Class.forName("org.jacoco.agent.rt.IAgent");
    Object agent = rt.getMethod("getAgent").invoke(null);
    return new CoverageRecorder(
        agent,
        agentType.getMethod("reset"),
        agentType.getMethod("getExecutionData", boolean.class));
  }

  /** Forgets what ran so far, so the next dump holds one test's coverage. */
  void reset() {
    try {
      invoke(reset);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("kintsugi-worker: cannot reset coverage data: " + e);
    }
  }

  /**
   * Writes what ran since the last reset as a JaCoCo .exec file; returns its path, or null when
   * that failed (the test's outcome still counts, only its coverage is missing).
   */
  String dump(Path file) {
    try {
      Files.write(file, (byte[]) invoke(executionData, false));
      return file.toString();
    } catch (ReflectiveOperationException | IOException | RuntimeException e) {
      System.err.println("kintsugi-worker: cannot write coverage data to " + file + ": " + e);
      return null;
    }
  }

  private Object invoke(Method method, Object... args) throws ReflectiveOperationException {
    try {
      return method.invoke(agent, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }
}
