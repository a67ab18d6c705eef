package dev.kintsugi.server.scrub;

import java.util.List;

/**
 * What replaces a secret found inside text: a typed mask, as Relay's {@code :replace} rules write
 * ({@code [creditcard]}), so a reader still sees what was there; {@value Scrubber#FILTERED} for
 * values of sensitive keys and for credentials after {@code Bearer} or in URLs.
 */
final class Masks {
  private Masks() {}

  static final String CREDIT_CARD = "[creditcard]";
  static final String PEM_KEY = "[pemkey]";
  static final String US_SSN = "[usssn]";
  static final String JWT = "[jwt]";
  static final String AWS_KEY = "[aws-key]";
  static final String GITHUB_TOKEN = "[github-token]";
  static final String SLACK_TOKEN = "[slack-token]";
  static final String GOOGLE_API_KEY = "[google-api-key]";
  static final String STRIPE_KEY = "[stripe-key]";

  private static final List<String> ALL =
      List.of(
          Scrubber.FILTERED,
          CREDIT_CARD,
          PEM_KEY,
          US_SSN,
          JWT,
          AWS_KEY,
          GITHUB_TOKEN,
          SLACK_TOKEN,
          GOOGLE_API_KEY,
          STRIPE_KEY);

  /** Whether {@code text[start, end)} is a mask already (so it is not masked again). */
  static boolean isMask(String text, int start, int end) {
    if (end - start < 5 || text.charAt(start) != '[') {
      return false;
    }
    for (String m : ALL) {
      if (m.length() == end - start && text.startsWith(m, start)) {
        return true;
      }
    }
    return false;
  }
}
