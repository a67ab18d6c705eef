package dev.kintsugi.agent.internal.capture;

import dev.kintsugi.agent.internal.AgentLog;
import dev.kintsugi.agent.internal.AgentThread;
import dev.kintsugi.agent.internal.bridge.Bridge;
import dev.kintsugi.agent.internal.snapshot.Snapshotter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where instrumented code lands (every entry catches what goes wrong and reports it once): records
 * frame snapshots, captures logged, uncaught and API errors. Calls made on the agent's own threads,
 * or re-entered while the agent is already working on this thread (a snapshot may run user code
 * that throws), are ignored, so the agent cannot loop.
 */
public final class AgentSink implements Bridge.Sink {
  private static final String[] NO_NAMES = new String[0];

  /** Loggers whose errors are the agent's own or the JDK's HTTP client's, never captured. */
  private static final String[] IGNORED_LOGGERS = {
    "dev.kintsugi.agent", "sun.net.", "jdk.internal.", "java.net.", "jdk.httpclient"
  };

  private final Snapshotter snapshotter;
  private final ThrowRecords records;
  private final Capturer capturer;
  private static final int MAX_CACHED_NAMES = 10_000;

  private final ThreadLocal<Boolean> busy = new ThreadLocal<>();
  private final ConcurrentHashMap<String, String[]> splitNames = new ConcurrentHashMap<>();

  public AgentSink(Snapshotter snapshotter, ThrowRecords records, Capturer capturer) {
    this.snapshotter = snapshotter;
    this.records = records;
    this.capturer = capturer;
  }

  @Override
  public void exited(
      Throwable thrown,
      Object self,
      boolean instance,
      String type,
      String method,
      String names,
      Object[] args) {
    if (AgentThread.current() || busy.get() != null || !records.wants(thrown)) {
      return;
    }
    busy.set(Boolean.TRUE);
    try {
      String[] split = split(names);
      records.add(
          thrown, new FrameRecord(type, method, snapshotter.frame(self, instance, split, args)));
    } catch (Throwable t) {
      AgentLog.once("sink-exited", "could not record the arguments of " + type + "." + method, t);
    } finally {
      busy.remove();
    }
  }

  @Override
  public void logged(Throwable thrown, String framework, String logger, Object message) {
    if (AgentThread.current() || busy.get() != null || ignored(logger)) {
      return;
    }
    busy.set(Boolean.TRUE);
    try {
      String text = LogMessages.format(message);
      capturer.capture(thrown, Mechanism.LOGGING, logger, text);
    } catch (Throwable t) {
      AgentLog.once("sink-logged", "could not capture a logged error", t);
    } finally {
      busy.remove();
    }
  }

  @Override
  public void captured(Throwable thrown) {
    capture(thrown, Mechanism.API);
  }

  /** Captures an uncaught exception. */
  public void uncaught(Throwable thrown) {
    capture(thrown, Mechanism.UNCAUGHT);
  }

  private void capture(Throwable thrown, Mechanism mechanism) {
    if (AgentThread.current() || busy.get() != null) {
      return;
    }
    busy.set(Boolean.TRUE);
    try {
      capturer.capture(thrown, mechanism, null, null);
    } catch (Throwable t) {
      AgentLog.once("sink-" + mechanism, "could not capture an error", t);
    } finally {
      busy.remove();
    }
  }

  /** The names of a method's parameters; each method's constant string is split once. */
  private String[] split(String names) {
    if (names == null || names.isEmpty()) {
      return NO_NAMES;
    }
    String[] split = splitNames.get(names);
    if (split == null) {
      split = names.split(",");
      if (splitNames.size() < MAX_CACHED_NAMES) {
        splitNames.put(names, split);
      }
    }
    return split;
  }

  private static boolean ignored(String logger) {
    if (logger == null) {
      return false;
    }
    for (String prefix : IGNORED_LOGGERS) {
      if (logger.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
