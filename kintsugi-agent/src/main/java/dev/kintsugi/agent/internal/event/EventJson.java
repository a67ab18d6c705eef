package dev.kintsugi.agent.internal.event;

import dev.kintsugi.agent.internal.capture.Capture;
import dev.kintsugi.agent.internal.capture.Capturer;
import dev.kintsugi.agent.internal.capture.FrameRecord;
import dev.kintsugi.agent.internal.config.Packages;
import dev.kintsugi.agent.internal.json.JsonWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the Sentry event of a {@link Capture}: the exception chain root cause first, each stack
 * outermost call first, and the frame records matched to their stack frames as {@code vars}. Runs
 * on the sender thread. Thread-safe.
 */
public final class EventJson {
  /** Name in {@code sdk.name}, and the client in {@code X-Sentry-Auth}. */
  public static final String SDK_NAME = "kintsugi.java.agent";

  /** Frames kept per exception (those nearest the throw). */
  static final int MAX_FRAMES = 250;

  /** Characters of {@code vars} kept per event, well inside the server's 1 MB event limit. */
  static final int MAX_VARS_CHARS = 256 * 1024;

  private static final int MAX_MESSAGE_CHARS = 8192;

  private final Packages packages;
  private final Optional<String> release;
  private final String environment;
  private final Supplier<String> serverName;
  private final String sdkVersion;
  private final Supplier<String> eventIds;

  public EventJson(
      Packages packages,
      Optional<String> release,
      String environment,
      Supplier<String> serverName,
      String sdkVersion,
      Supplier<String> eventIds) {
    this.packages = packages;
    this.release = release;
    this.environment = environment;
    this.serverName = serverName;
    this.sdkVersion = sdkVersion;
    this.eventIds = eventIds;
  }

  /** The event as JSON, with a new event id. */
  public Event build(Capture capture) {
    String eventId = eventIds.get();
    JsonWriter w = new JsonWriter(new StringBuilder(4096));
    w.beginObject();
    w.name("event_id").value(eventId);
    w.name("timestamp").value(Instant.ofEpochMilli(capture.timestampMillis()).toString());
    w.name("platform").value("java");
    w.name("level").value("error");
    if (capture.logger() != null) {
      w.name("logger").value(capture.logger());
    }
    if (release.isPresent()) {
      w.name("release").value(release.get());
    }
    w.name("environment").value(environment);
    String server = serverName.get();
    if (server != null) {
      w.name("server_name").value(server);
    }
    w.name("sdk").beginObject().name("name").value(SDK_NAME);
    w.name("version").value(sdkVersion).endObject();
    if (capture.message() != null) {
      w.name("message").beginObject().name("formatted").value(capture.message()).endObject();
    }
    String thread = capture.threadName();
    w.name("tags").beginObject().name("thread");
    // Sentry limits tag values to 200 characters.
    w.value(thread.length() > 200 ? thread.substring(0, 200) : thread).endObject();
    w.name("exception").beginObject().name("values").beginArray();
    List<Throwable> chain = Capturer.chain(capture.throwable());
    String[][] vars = new String[chain.size()][];
    int budget = MAX_VARS_CHARS;
    // Budget to the root cause first, deepest frame first: that is where the bug usually is.
    for (int i = chain.size() - 1; i >= 0; i--) {
      Throwable t = chain.get(i);
      vars[i] = match(stackOf(t), capture.records(t));
      for (int f = 0; f < vars[i].length; f++) {
        if (vars[i][f] != null) {
          if (vars[i][f].length() <= budget) {
            budget -= vars[i][f].length();
          } else {
            vars[i][f] = null;
          }
        }
      }
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      exception(w, chain.get(i), vars[i], capture);
    }
    w.endArray().endObject();
    w.endObject();
    return new Event(eventId, w.toString());
  }

  private void exception(JsonWriter w, Throwable t, String[] vars, Capture capture) {
    Class<?> type = t.getClass();
    String name = type.getName();
    int dot = name.lastIndexOf('.');
    w.beginObject();
    w.name("type").value(dot < 0 ? name : name.substring(dot + 1));
    if (dot > 0) {
      w.name("module").value(name.substring(0, dot));
    }
    String message = safeMessage(t);
    if (message != null) {
      w.name("value").value(message);
    }
    w.name("mechanism").beginObject();
    w.name("type").value(capture.mechanism().type());
    w.name("handled").value(capture.mechanism().handled()).endObject();
    w.name("stacktrace").beginObject().name("frames").beginArray();
    StackTraceElement[] stack = stackOf(t);
    int kept = Math.min(stack.length, MAX_FRAMES);
    for (int f = kept - 1; f >= 0; f--) {
      frame(w, stack[f], vars[f]);
    }
    w.endArray().endObject();
    w.endObject();
  }

  private void frame(JsonWriter w, StackTraceElement e, String vars) {
    w.beginObject();
    w.name("module").value(e.getClassName());
    w.name("function").value(e.getMethodName());
    if (e.getFileName() != null) {
      w.name("filename").value(e.getFileName());
    }
    if (e.getLineNumber() > 0) {
      w.name("lineno").value(e.getLineNumber());
    }
    if (e.isNativeMethod()) {
      w.name("native").value(true);
    }
    w.name("in_app").value(packages.matches(e.getClassName()));
    if (vars != null) {
      w.name("vars").rawValue(vars);
    }
    w.endObject();
  }

  /**
   * Puts each record on its stack frame: records come deepest first, as the exception left the
   * frames, and are matched in that order by class and method name, each after the previous match
   * (so recursion gets one record per frame, not all on the deepest).
   */
  static String[] match(StackTraceElement[] stack, List<FrameRecord> records) {
    String[] vars = new String[stack.length];
    int next = 0;
    for (FrameRecord r : records) {
      for (int f = next; f < stack.length; f++) {
        if (stack[f].getMethodName().equals(r.methodName())
            && stack[f].getClassName().equals(r.className())) {
          vars[f] = r.varsJson();
          next = f + 1;
          break;
        }
      }
    }
    return vars;
  }

  private static StackTraceElement[] stackOf(Throwable t) {
    try {
      StackTraceElement[] s = t.getStackTrace();
      return s == null ? new StackTraceElement[0] : s;
    } catch (Throwable e) {
      return new StackTraceElement[0];
    }
  }

  private static String safeMessage(Throwable t) {
    try {
      String m = t.getMessage();
      return m != null && m.length() > MAX_MESSAGE_CHARS ? m.substring(0, MAX_MESSAGE_CHARS) : m;
    } catch (Throwable e) {
      return null;
    }
  }

  /** A built event. */
  public static final class Event {
    private final String id;
    private final String json;

    Event(String id, String json) {
      this.id = id;
      this.json = json;
    }

    /** 32 lower-case hex digits. */
    public String id() {
      return id;
    }

    public String json() {
      return json;
    }
  }
}
