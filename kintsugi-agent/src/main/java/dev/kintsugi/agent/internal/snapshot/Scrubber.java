package dev.kintsugi.agent.internal.snapshot;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of snapshots before they leave the throwing thread: values under sensitive
 * keys, and payment card numbers inside text (13–19 digits, optionally separated by single spaces
 * or dashes, Luhn-valid — the same rule as the server's scrubber).
 */
public final class Scrubber {
  /** What replaces a scrubbed value. */
  public static final String FILTERED = "[Filtered]";

  private static final Pattern SENSITIVE_KEY =
      Pattern.compile(
          "password|passwd|pwd|secret|token|api_?key|auth|credential|cookie|session|private_?key",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern CARD = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");

  private Scrubber() {}

  /** Keys seen before: the same parameter and field names come back with every snapshot. */
  private static final ConcurrentHashMap<String, Boolean> KEYS = new ConcurrentHashMap<>();

  private static final int MAX_CACHED_KEYS = 4096;

  /** Whether a parameter, field or map key names a secret (case-insensitive substring). */
  public static boolean sensitiveKey(String key) {
    if (key == null) {
      return false;
    }
    Boolean known = KEYS.get(key);
    if (known != null) {
      return known;
    }
    boolean sensitive = SENSITIVE_KEY.matcher(key).find();
    if (KEYS.size() < MAX_CACHED_KEYS && key.length() <= 64) {
      KEYS.put(key, sensitive);
    }
    return sensitive;
  }

  /** {@code text} with each card number replaced by {@link #FILTERED}. */
  public static String scrubCards(String text) {
    if (!hasThirteenDigits(text)) {
      return text;
    }
    Matcher m = CARD.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (luhn(m.group())) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, m.start()).append(FILTERED);
        last = m.end();
      }
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  private static boolean hasThirteenDigits(String text) {
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9' && ++digits >= 13) {
        return true;
      }
    }
    return false;
  }

  static boolean luhn(String candidate) {
    int sum = 0;
    int n = 0;
    boolean twice = false;
    for (int i = candidate.length() - 1; i >= 0; i--) {
      char c = candidate.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
      n++;
    }
    return n >= 13 && n <= 19 && sum % 10 == 0;
  }
}
