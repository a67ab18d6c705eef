package dev.kintsugi.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.store.StoredEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A stored (scrubbed) Sentry event as the incident page shows it: message, release, environment,
 * tags, and the exception chain with each stack trace's frames and their captured arguments. The
 * event is untrusted: any part may be missing, of another type or huge; what cannot be read is left
 * out, texts are cut, lists capped. Shown as Sentry shows it: the outermost exception first (Sentry
 * lists the chain innermost first), each trace's most recent call first (Sentry lists the frames
 * oldest first).
 *
 * @param readable false when the payload is not a JSON object (then only the ids are shown)
 */
record EventView(
    String eventId,
    When received,
    boolean readable,
    String message,
    String level,
    String release,
    String environment,
    List<Tag> tags,
    List<ExceptionView> exceptions) {

  static final int MAX_EXCEPTIONS = 20;
  static final int MAX_FRAMES = 300;
  static final int MAX_VARS = 60;
  static final int MAX_TAGS = 60;
  static final int NAME_CHARS = 200;
  static final int VALUE_CHARS = 400;
  static final int MESSAGE_CHARS = 4000;

  record Tag(String key, String value) {}

  /**
   * One exception of the chain.
   *
   * @param framesOmitted frames dropped from the middle of the trace (by the SDK or at ingest)
   */
  record ExceptionView(String type, String value, List<FrameView> frames, int framesOmitted) {}

  /**
   * One stack frame.
   *
   * @param function {@code module.function} (for Java: class and method)
   * @param location {@code filename:lineno}, or what there is of it
   * @param inApp whether it is the application's code: the event says so ({@code in_app}), or its
   *     module starts with one of the project's in-app prefixes
   * @param vars the arguments the Kintsugi agent captured in it, by name
   */
  record FrameView(String function, String location, boolean inApp, List<Var> vars) {}

  /** A captured argument: its name and its value as compact text. */
  record Var(String name, String value) {}

  static EventView of(
      StoredEvent stored, List<String> inAppPrefixes, ObjectMapper json, Instant now) {
    JsonNode event;
    try {
      event = json.readTree(stored.payload());
    } catch (IOException | RuntimeException e) {
      event = null;
    }
    String eventId = JsonText.cut(stored.eventId(), NAME_CHARS);
    When at = When.of(stored.receivedAt(), now);
    if (event == null || !event.isObject()) {
      return new EventView(eventId, at, false, "", "", "", "", List.of(), List.of());
    }
    return new EventView(
        eventId,
        at,
        true,
        message(event),
        JsonText.text(event, "level", NAME_CHARS),
        JsonText.text(event, "release", NAME_CHARS),
        JsonText.text(event, "environment", NAME_CHARS),
        tags(event.get("tags")),
        exceptions(event.get("exception"), inAppPrefixes));
  }

  /** {@code message} as a string or as {@code {formatted|message}}, else {@code logentry}'s. */
  private static String message(JsonNode event) {
    for (String field : List.of("message", "logentry")) {
      JsonNode m = event.get(field);
      if (m != null && m.isTextual()) {
        return JsonText.cut(m.textValue(), MESSAGE_CHARS);
      }
      if (m != null && m.isObject()) {
        String text = JsonText.text(m, "formatted", MESSAGE_CHARS);
        text = text.isEmpty() ? JsonText.text(m, "message", MESSAGE_CHARS) : text;
        if (!text.isEmpty()) {
          return text;
        }
      }
    }
    return "";
  }

  /** Tags as Sentry sends them: an object, or a list of {@code [key, value]} pairs. */
  private static List<Tag> tags(JsonNode tags) {
    List<Tag> out = new ArrayList<>();
    if (tags == null) {
      return out;
    }
    if (tags.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields();
          it.hasNext() && out.size() < MAX_TAGS; ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.add(new Tag(JsonText.cut(e.getKey(), NAME_CHARS), JsonText.compact(e.getValue(), 400)));
      }
    } else if (tags.isArray()) {
      for (JsonNode pair : tags) {
        if (out.size() >= MAX_TAGS) {
          break;
        }
        if (pair.isArray() && pair.size() == 2) {
          out.add(
              new Tag(
                  JsonText.compact(pair.get(0), NAME_CHARS), JsonText.compact(pair.get(1), 400)));
        }
      }
    }
    return out;
  }

  private static List<ExceptionView> exceptions(JsonNode exception, List<String> prefixes) {
    JsonNode values =
        exception == null ? null : exception.isArray() ? exception : exception.get("values");
    List<ExceptionView> out = new ArrayList<>();
    if (values == null || !values.isArray()) {
      return out;
    }
    for (JsonNode value : values) {
      if (value.isObject()) {
        out.add(exception(value, prefixes));
      }
    }
    Collections.reverse(out);
    return out.size() > MAX_EXCEPTIONS ? List.copyOf(out.subList(0, MAX_EXCEPTIONS)) : out;
  }

  private static ExceptionView exception(JsonNode value, List<String> prefixes) {
    String type = JsonText.text(value, "type", NAME_CHARS);
    String module = JsonText.text(value, "module", NAME_CHARS);
    // Sentry's Java SDK sends the simple name in "type" and the package in "module".
    if (!module.isEmpty() && !type.contains(".")) {
      type = module + "." + type;
    }
    JsonNode trace = value.get("stacktrace");
    JsonNode frames = trace == null ? null : trace.get("frames");
    List<FrameView> out = new ArrayList<>();
    if (frames != null && frames.isArray()) {
      for (JsonNode frame : frames) {
        if (frame.isObject()) {
          out.add(frame(frame, prefixes));
        }
      }
    }
    Collections.reverse(out);
    if (out.size() > MAX_FRAMES) {
      out = List.copyOf(out.subList(0, MAX_FRAMES));
    }
    return new ExceptionView(
        type.isEmpty() ? "(no type)" : type,
        JsonText.text(value, "value", MESSAGE_CHARS),
        out,
        omitted(trace));
  }

  private static FrameView frame(JsonNode frame, List<String> prefixes) {
    String module = JsonText.text(frame, "module", NAME_CHARS);
    String function = JsonText.text(frame, "function", NAME_CHARS);
    String name =
        module.isEmpty() ? function : function.isEmpty() ? module : module + "." + function;
    String file = JsonText.text(frame, "filename", NAME_CHARS);
    if (file.isEmpty()) {
      file = JsonText.text(frame, "abs_path", NAME_CHARS);
    }
    JsonNode line = frame.get("lineno");
    String location =
        line != null && line.canConvertToInt() && line.intValue() > 0
            ? file + ":" + line.intValue()
            : file;
    boolean inApp =
        JsonText.flag(frame, "in_app")
            || (!module.isEmpty()
                && prefixes.stream().anyMatch(p -> !p.isEmpty() && module.startsWith(p)));
    return new FrameView(
        name.isEmpty() ? "(unknown)" : name, location, inApp, vars(frame.get("vars")));
  }

  private static List<Var> vars(JsonNode vars) {
    List<Var> out = new ArrayList<>();
    if (vars == null || !vars.isObject()) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = vars.fields();
        it.hasNext() && out.size() < MAX_VARS; ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(
          new Var(
              JsonText.cut(e.getKey(), NAME_CHARS), JsonText.compact(e.getValue(), VALUE_CHARS)));
    }
    return out;
  }

  /** Sentry's {@code frames_omitted: [start, end]}: how many frames were dropped, else 0. */
  private static int omitted(JsonNode trace) {
    JsonNode range = trace == null ? null : trace.get("frames_omitted");
    if (range == null || !range.isArray() || range.size() != 2) {
      return 0;
    }
    long n = range.get(1).asLong(0) - range.get(0).asLong(0);
    return n > 0 && n < Integer.MAX_VALUE ? (int) n : 0;
  }
}
