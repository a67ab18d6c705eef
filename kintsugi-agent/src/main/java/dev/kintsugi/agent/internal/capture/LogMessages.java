package dev.kintsugi.agent.internal.capture;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The text of a log message: Logback and Log4j2 advice pass it formatted; JUL advice passes the
 * {@link LogRecord}, formatted here as JUL's own formatters do ({@code {0}} parameters, resource
 * bundles). In a class of its own so that hosts without {@code java.logging} never load it.
 */
final class LogMessages {
  private static final int MAX_CHARS = 8192;

  private LogMessages() {}

  static String format(Object message) {
    if (message == null) {
      return null;
    }
    String text;
    if (message instanceof String) {
      text = (String) message;
    } else {
      text = Jul.format(message);
    }
    return text != null && text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
  }

  /** Loaded only when a JUL record arrives. */
  private static final class Jul {
    static String format(Object message) {
      if (message instanceof LogRecord) {
        return new SimpleFormatter().formatMessage((LogRecord) message);
      }
      return null;
    }
  }
}
