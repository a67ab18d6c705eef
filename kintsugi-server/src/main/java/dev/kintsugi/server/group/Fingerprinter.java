package dev.kintsugi.server.group;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Computes an event's grouping, like Sentry: the event's own {@code fingerprint} when it has one
 * (where {@code {{ default }}} stands for the default grouping); otherwise the exception types with
 * their in-app frames (module and function only, no line numbers, generated names normalised);
 * otherwise the message with numbers, ids and UUIDs blanked out.
 *
 * <p>A frame is in-app when the project's in-app package prefixes match its module, or, when the
 * project has none, when the SDK marked it {@code in_app}. With no in-app frame, all frames count.
 */
public final class Fingerprinter {

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX = Pattern.compile("\\b(?:0x[0-9a-fA-F]+|[0-9a-fA-F]{16,})\\b");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  private static final int TITLE_MAX = 200;

  /** Groups an event of a project with the given in-app package prefixes. */
  public Grouping group(JsonNode event, List<String> inAppPrefixes) {
    List<JsonNode> exceptions = exceptions(event);
    List<List<JsonNode>> frames = new ArrayList<>(exceptions.size());
    for (JsonNode ex : exceptions) {
      frames.add(groupingFrames(ex, inAppPrefixes));
    }
    List<String> defaults = defaultComponents(event, exceptions, frames);
    List<String> components = new ArrayList<>();
    JsonNode custom = event.path("fingerprint");
    if (custom.isArray() && !custom.isEmpty()) {
      for (JsonNode part : custom) {
        String text = part.asText();
        if (text.replace(" ", "").equals("{{default}}")) {
          components.addAll(defaults);
        } else {
          components.add("custom:" + text);
        }
      }
    } else {
      components.addAll(defaults);
    }
    return new Grouping(
        sha256(String.join("\n", components)), title(event, exceptions), culprit(event, frames));
  }

  private static List<JsonNode> exceptions(JsonNode event) {
    JsonNode exception = event.path("exception");
    JsonNode values = exception.isArray() ? exception : exception.path("values");
    List<JsonNode> out = new ArrayList<>();
    if (values.isArray()) {
      values.forEach(out::add);
    }
    return out;
  }

  private List<String> defaultComponents(
      JsonNode event, List<JsonNode> exceptions, List<List<JsonNode>> frames) {
    List<String> out = new ArrayList<>();
    if (!exceptions.isEmpty()) {
      for (int i = 0; i < exceptions.size(); i++) {
        out.add("type:" + qualifiedType(exceptions.get(i)));
        for (JsonNode frame : frames.get(i)) {
          out.add("frame:" + frameName(frame));
        }
      }
      return out;
    }
    String message = message(event);
    if (!message.isEmpty()) {
      out.add("message:" + normaliseMessage(message));
    } else {
      out.add("empty:" + event.path("level").asText("error"));
    }
    return out;
  }

  private static List<JsonNode> groupingFrames(JsonNode exception, List<String> prefixes) {
    List<JsonNode> all = new ArrayList<>();
    List<JsonNode> inApp = new ArrayList<>();
    for (JsonNode frame : exception.path("stacktrace").path("frames")) {
      all.add(frame);
      if (inApp(frame, prefixes)) {
        inApp.add(frame);
      }
    }
    return inApp.isEmpty() ? all : inApp;
  }

  private static boolean inApp(JsonNode frame, List<String> prefixes) {
    if (prefixes.isEmpty()) {
      return frame.path("in_app").asBoolean(false);
    }
    String module = frame.path("module").asText("");
    for (String prefix : prefixes) {
      if (module.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String frameName(JsonNode frame) {
    String module = frame.path("module").asText("");
    if (module.isEmpty()) {
      module = frame.path("filename").asText("");
    }
    return FrameNames.module(module) + "." + FrameNames.function(frame.path("function").asText(""));
  }

  private static String qualifiedType(JsonNode exception) {
    String type = exception.path("type").asText("");
    String module = exception.path("module").asText("");
    return module.isEmpty() ? type : module + "." + type;
  }

  private static String message(JsonNode event) {
    JsonNode logentry = event.path("logentry");
    for (JsonNode candidate :
        List.of(
            logentry.path("message"),
            logentry.path("formatted"),
            event.path("message").path("message"),
            event.path("message").path("formatted"),
            event.path("message"))) {
      if (candidate.isTextual() && !candidate.textValue().isBlank()) {
        return candidate.textValue();
      }
    }
    return "";
  }

  static String normaliseMessage(String message) {
    String m = message.length() > 1000 ? message.substring(0, 1000) : message;
    m = UUID.matcher(m).replaceAll("<uuid>");
    m = HEX.matcher(m).replaceAll("<hex>");
    return NUMBER.matcher(m).replaceAll("<n>");
  }

  private static String title(JsonNode event, List<JsonNode> exceptions) {
    String title;
    if (!exceptions.isEmpty()) {
      JsonNode main = exceptions.get(exceptions.size() - 1);
      String type = main.path("type").asText("Error");
      String value = main.path("value").asText("");
      title = value.isEmpty() ? type : type + ": " + value;
    } else {
      String message = event.path("logentry").path("formatted").asText("");
      title = message.isEmpty() ? message(event) : message;
      if (title.isEmpty()) {
        title = "<no message>";
      }
    }
    title = title.strip().lines().findFirst().orElse("");
    return title.length() > TITLE_MAX ? title.substring(0, TITLE_MAX) + "…" : title;
  }

  private static String culprit(JsonNode event, List<List<JsonNode>> framesOfExceptions) {
    if (!framesOfExceptions.isEmpty()) {
      List<JsonNode> frames = framesOfExceptions.get(framesOfExceptions.size() - 1);
      if (!frames.isEmpty()) {
        // Sentry orders frames outermost first: the last is where it was thrown.
        JsonNode top = frames.get(frames.size() - 1);
        return frame(top);
      }
    }
    String transaction = event.path("transaction").asText("");
    return transaction.isEmpty() ? event.path("logger").asText("") : transaction;
  }

  private static String frame(JsonNode frame) {
    String name = frameName(frame);
    return frame.has("lineno") ? name + ":" + frame.path("lineno").asText() : name;
  }

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required of every JVM", e);
            }
          });

  private static String sha256(String text) {
    // digest() resets the instance for the next use on this thread.
    return HexFormat.of().formatHex(SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
