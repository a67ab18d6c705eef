package dev.kintsugi.server.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a key (a JSON field name, a header name, the {@code name} of a {@code name=value}
 * pair in text) names a secret, as Sentry's {@code @password} rule and default data scrubber do: a
 * key is sensitive when, lower-cased and without {@code - _ . space}, it contains one of the {@link
 * #FRAGMENTS}, or when one of its words (split at separators and camelCase) is one of the short
 * {@link #WORDS}.
 */
final class SensitiveKeys {

  /**
   * Matched anywhere in the normalised key: Sentry's default sensitive fields (password, secret,
   * passwd, api_key, apikey, access_token, auth, credentials, mysql_pwd, privatekey, private_key,
   * token, bearer, session, cookie, set-cookie, authorization) plus passphrase, access keys and
   * CSRF tokens.
   */
  static final List<String> FRAGMENTS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "pwd",
          "secret",
          "token",
          "auth",
          "apikey",
          "accesskey",
          "credential",
          "privatekey",
          "bearer",
          "cookie",
          "session",
          "csrf",
          "xsrf",
          "creditcard",
          "cardnumber",
          "card[number]");

  /**
   * Short names that are sensitive only as a whole word of the key ({@code pin}, {@code user_pin},
   * {@code userPin}): as fragments they would hit {@code shipping}, {@code className}, ...
   */
  static final Set<String> WORDS = Set.of("pw", "pin", "ssn", "cvv", "cvc", "otp");

  /** Keys whose name looks sensitive but which do not carry secrets. */
  private static final Set<String> SAFE = Set.of("author", "authors");

  /** Cached answers: events repeat the same few hundred key names. */
  private static final int CACHE_LIMIT = 4096;

  /** Longer keys are not cached (free text can hold arbitrarily many distinct words). */
  private static final int CACHED_KEY_LENGTH = 64;

  private final List<String> fragments;
  private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

  SensitiveKeys(List<String> extraFragments) {
    List<String> all = new ArrayList<>(FRAGMENTS);
    all.addAll(extraFragments);
    this.fragments = List.copyOf(all);
  }

  boolean isSensitive(String key) {
    Boolean cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    boolean sensitive = compute(key);
    if (key.length() <= CACHED_KEY_LENGTH && cache.size() < CACHE_LIMIT) {
      cache.put(key, sensitive);
    }
    return sensitive;
  }

  private boolean compute(String key) {
    String k = normalise(key);
    if (SAFE.contains(k)) {
      return false;
    }
    for (String f : fragments) {
      if (k.contains(f)) {
        return true;
      }
    }
    return hasSensitiveWord(key);
  }

  /** Splits at non-letters/digits and at lower→upper case changes; compares each word. */
  private static boolean hasSensitiveWord(String key) {
    int start = -1;
    for (int i = 0; i <= key.length(); i++) {
      char c = i < key.length() ? key.charAt(i) : ' ';
      boolean wordChar = Character.isLetterOrDigit(c);
      boolean camelBreak =
          start >= 0 && wordChar && Character.isUpperCase(c) && isLower(key.charAt(i - 1));
      if (start >= 0 && (!wordChar || camelBreak)) {
        if (i - start <= 3 && WORDS.contains(key.substring(start, i).toLowerCase(Locale.ROOT))) {
          return true;
        }
        start = -1;
      }
      if (wordChar && start < 0) {
        start = i;
      }
    }
    return false;
  }

  private static boolean isLower(char c) {
    return Character.isLowerCase(c) || Character.isDigit(c);
  }

  /** Lower case, without {@code - _ . space}: {@code X-Api-Key} → {@code xapikey}. */
  static String normalise(String key) {
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
