package dev.kintsugi.agent.internal;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's only output: single lines on stderr with a {@code [kintsugi-agent]} prefix. Never a
 * logging framework, so the agent's own messages cannot loop back into its capture. Problems are
 * reported once per kind, so a failure on a hot path cannot flood the host's stderr.
 */
public final class AgentLog {
  private static final String PREFIX = "[kintsugi-agent] ";
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
  private static volatile boolean debug;

  private AgentLog() {}

  /** Turns on {@link #debug} lines. */
  public static void enableDebug() {
    debug = true;
  }

  /** Prints a line. */
  public static void info(String message) {
    print(message, null);
  }

  /** Prints a line when debug output is on. */
  public static void debug(String message) {
    if (debug) {
      print(message, null);
    }
  }

  /** Prints the first problem of kind {@code key} only; later ones are counted silently. */
  public static void once(String key, String message, Throwable cause) {
    if (SEEN.size() < 1000 && SEEN.add(key)) {
      print(message, cause);
    }
  }

  private static void print(String message, Throwable cause) {
    try {
      PrintStream err = System.err;
      StringBuilder line = new StringBuilder(PREFIX).append(message);
      if (cause != null) {
        line.append(": ").append(cause.getClass().getName());
        String detail = safeMessage(cause);
        if (detail != null) {
          line.append(": ").append(detail);
        }
      }
      err.println(line);
      if (cause != null && debug) {
        cause.printStackTrace(err);
      }
    } catch (Throwable ignored) {
      // Nowhere left to report to.
    }
  }

  private static String safeMessage(Throwable t) {
    try {
      return t.getMessage();
    } catch (Throwable e) {
      return null;
    }
  }
}
