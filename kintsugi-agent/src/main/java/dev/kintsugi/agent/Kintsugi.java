package dev.kintsugi.agent;

import dev.kintsugi.agent.internal.bridge.Bridge;

/**
 * The application's API to the agent. Stable.
 *
 * <p>Works only when the JVM runs with {@code -javaagent:kintsugi-agent.jar=...}; otherwise every
 * call does nothing. Never throws and never blocks.
 */
public final class Kintsugi {
  private Kintsugi() {}

  /**
   * Reports {@code error} as a handled error (mechanism {@code api}), with the arguments of the
   * in-app frames it passed through. A throwable already reported (or whose cause was) is not
   * reported again.
   */
  public static void capture(Throwable error) {
    Bridge.captured(error);
  }
}
