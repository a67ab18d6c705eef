package dev.kintsugi.server.scrub;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What to scrub beyond the defaults of {@link Scrubber} (which always apply): extra sensitive key
 * names (matched as case-insensitive substrings, ignoring {@code -}, {@code _}, {@code .} and
 * spaces) and extra value patterns (regular expressions whose matches in any string become {@code
 * [Filtered]}).
 */
public record ScrubRules(List<String> extraKeys, List<Pattern> extraValuePatterns) {

  public ScrubRules {
    extraKeys = extraKeys.stream().map(SensitiveKeys::normalise).toList();
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
}
