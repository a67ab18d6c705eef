package dev.kintsugi.server.scrub;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What to scrub beyond Sentry's defaults (which always apply): extra sensitive key names (matched
 * as case-insensitive substrings, ignoring {@code -} and {@code _}) and extra value patterns
 * (regular expressions whose matches in any string are replaced).
 */
public record ScrubRules(List<String> extraKeys, List<Pattern> extraValuePatterns) {

  /** Sentry's default sensitive key fragments, normalised (lower case, no '-' or '_'). */
  static final List<String> DEFAULT_KEYS =
      List.of(
          "password",
          "passwd",
          "pwd",
          "secret",
          "token",
          "auth",
          "apikey",
          "credentials",
          "privatekey",
          "cookie",
          "session",
          "csrf",
          "xsrf",
          "creditcard");

  public ScrubRules {
    extraKeys = extraKeys.stream().map(ScrubRules::normaliseKey).toList();
    extraValuePatterns = List.copyOf(extraValuePatterns);
  }

  /** Sentry's defaults only. */
  public static ScrubRules defaults() {
    return new ScrubRules(List.of(), List.of());
  }

  /**
   * Defaults plus the given regular expressions for values.
   *
   * @throws IllegalArgumentException naming the pattern that does not compile
   */
  public static ScrubRules withValuePatterns(List<String> regexes) {
    return new ScrubRules(
        List.of(),
        regexes.stream()
            .map(
                r -> {
                  try {
                    return Pattern.compile(r);
                  } catch (RuntimeException e) {
                    throw new IllegalArgumentException("bad scrub pattern '" + r + "'", e);
                  }
                })
            .toList());
  }

  static String normaliseKey(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (ch != '-' && ch != '_' && ch != ' ' && ch != '.') {
        b.append(ch);
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }
}
