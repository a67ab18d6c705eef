package dev.kintsugi.server.scrub;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds payment card numbers in text: 13–19 digits, spaces or dashes between, Luhn-valid. */
final class CreditCards {
  private CreditCards() {}

  private static final Pattern CANDIDATE = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");

  /** Replaces each card number in {@code text} by {@code replacement}; returns text if none. */
  static String replace(String text, String replacement) {
    if (!mayContain(text)) {
      return text;
    }
    Matcher m = CANDIDATE.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (luhn(m.group())) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, m.start()).append(replacement);
        last = m.end();
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  /** Cheap pre-check: at least 13 digits in the whole text. */
  private static boolean mayContain(String text) {
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
