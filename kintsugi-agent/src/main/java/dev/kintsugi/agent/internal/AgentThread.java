package dev.kintsugi.agent.internal;

/**
 * A thread of the agent's own (sender, shutdown flush). Errors thrown or logged on it are never
 * captured, so the agent cannot report its own failures back to itself.
 */
public final class AgentThread extends Thread {
  public AgentThread(String name, Runnable task) {
    super(task, "kintsugi-agent-" + name);
    setDaemon(true);
  }

  /** Whether the calling thread is one of the agent's. */
  public static boolean current() {
    return Thread.currentThread() instanceof AgentThread;
  }
}
