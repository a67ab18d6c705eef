package dev.kintsugi.forge;

import java.util.regex.Pattern;

/**
 * Cleans text that came from outside (a forge's answer, CI output, a git remote's message, a URL
 * someone configured) before it goes into a one-line message: secrets and URL credentials removed,
 * control and bidi characters turned into spaces, whitespace collapsed, length bounded.
 */
public final class Untrusted {

  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private Untrusted() {}

  /**
   * One clean line of at most {@code limit} characters (plus an ellipsis when cut).
   *
   * @param secrets values that must never appear (tokens); blank ones are ignored
   */
  public static String clean(String text, int limit, String... secrets) {
    if (text == null) {
      return "";
    }
    String cleaned = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        cleaned = cleaned.replace(secret, "[redacted]");
      }
    }
    cleaned = URL_CREDENTIALS.matcher(cleaned).replaceAll("$1");
    StringBuilder line = new StringBuilder(Math.min(cleaned.length(), limit + 16));
    cleaned
        .codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              boolean invisible =
                  type == Character.CONTROL
                      || type == Character.FORMAT
                      || type == Character.LINE_SEPARATOR
                      || type == Character.PARAGRAPH_SEPARATOR;
              line.appendCodePoint(invisible ? ' ' : c);
            });
    String oneLine = WHITESPACE.matcher(line).replaceAll(" ").strip();
    if (oneLine.codePointCount(0, oneLine.length()) <= limit) {
      return oneLine;
    }
    return oneLine.substring(0, oneLine.offsetByCodePoints(0, limit)).stripTrailing() + "…";
  }

  /** A URL or path fit for a message: credentials removed, one line, bounded. */
  public static String location(String url) {
    return clean(url, 300);
  }
}
