package dev.kintsugi.server.scrub;

import java.util.Locale;
import java.util.Set;

/**
 * Filters the values of sensitive {@code key=value} and {@code key: value} pairs inside free text:
 * log lines ({@code login failed password=hunter2}), URLs and query strings ({@code
 * ?user=bob&pw=x}), stringified JSON ({@code {"token": "abc"}}), HTTP header lines ({@code
 * Authorization: Bearer abc}). The key is kept, the value becomes {@value Scrubber#FILTERED}.
 *
 * <p>Hand-written rather than a regex: one linear scan that looks back from each {@code =} or
 * {@code :} for the key, so text without a sensitive key costs one pass and no matcher.
 */
final class KeyValueSecrets {

  /** Authentication schemes: {@code Authorization: Bearer abc} filters the credential too. */
  private static final Set<String> SCHEMES =
      Set.of("bearer", "basic", "token", "digest", "negotiate");

  /** Values that are not secrets and read better kept. */
  private static final Set<String> NOT_SECRETS = Set.of("null", "true", "false", "undefined");

  private static final int MAX_KEY = 64;

  private final SensitiveKeys keys;

  KeyValueSecrets(SensitiveKeys keys) {
    this.keys = keys;
  }

  /** Whether the text has a separator at all (the cheap pre-check). */
  static boolean mayContain(String text) {
    return text.indexOf('=') >= 0 || text.indexOf(':') >= 0;
  }

  String replace(String text) {
    StringBuilder out = null;
    int last = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char sep = text.charAt(i);
      if (sep != '=' && sep != ':') {
        continue;
      }
      int keyEnd = i;
      while (keyEnd > 0 && isBlank(text.charAt(keyEnd - 1))) {
        keyEnd--;
      }
      if (keyEnd > 0 && isQuote(text.charAt(keyEnd - 1))) {
        keyEnd--; // "password": "x" in stringified JSON
      }
      int keyStart = keyEnd;
      while (keyStart > last
          && keyEnd - keyStart < MAX_KEY
          && isKeyChar(text.charAt(keyStart - 1))) {
        keyStart--;
      }
      if (keyStart == keyEnd || !keys.isSensitive(text.substring(keyStart, keyEnd))) {
        continue;
      }
      int[] value = value(text, i + 1);
      if (value == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(text, last, value[0]).append(Scrubber.FILTERED);
      last = value[1];
      i = value[1] - 1;
    }
    return out == null ? text : out.append(text, last, n).toString();
  }

  /** The value after a separator as {start, end}, or null when there is none worth filtering. */
  private static int[] value(String text, int from) {
    int n = text.length();
    if (from < n && (text.charAt(from) == '=' || text.charAt(from) == '/')) {
      return null; // "a == b", "http://"
    }
    int start = from;
    while (start < n && isBlank(text.charAt(start))) {
      start++;
    }
    if (start == n) {
      return null;
    }
    char first = text.charAt(start);
    if (isQuote(first)) {
      int close = text.indexOf(first, start + 1);
      int end = close < 0 ? n : close;
      return end == start + 1 ? null : new int[] {start + 1, end};
    }
    int end = wordEnd(text, start);
    String word = text.substring(start, end).toLowerCase(Locale.ROOT);
    if (end == start || NOT_SECRETS.contains(word) || startsMask(text, start)) {
      return null;
    }
    if (SCHEMES.contains(word)) {
      int next = end;
      while (next < n && text.charAt(next) == ' ') {
        next++;
      }
      int credential = wordEnd(text, next);
      if (credential > next) {
        if (startsMask(text, next)) {
          return null;
        }
        return new int[] {next, credential}; // keep the scheme: "Bearer [Filtered]"
      }
    }
    return new int[] {start, end};
  }

  /** Whether a mask ({@code [jwt]}, {@code [Filtered]}, ...) starts at {@code at}. */
  private static boolean startsMask(String text, int at) {
    if (text.charAt(at) != '[') {
      return false;
    }
    int close = text.indexOf(']', at);
    return close > 0 && Masks.isMask(text, at, close + 1);
  }

  private static int wordEnd(String text, int from) {
    int end = from;
    while (end < text.length() && !endsValue(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private static boolean endsValue(char c) {
    return Character.isWhitespace(c)
        || c == '&'
        || c == ','
        || c == ';'
        || c == ')'
        || c == '}'
        || c == ']'
        || c == '"'
        || c == '\''
        || c == '<'
        || c == '>';
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '[' || c == ']';
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }
}
