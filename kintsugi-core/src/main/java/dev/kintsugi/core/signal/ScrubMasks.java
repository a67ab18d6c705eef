package dev.kintsugi.core.signal;

import java.util.List;

/**
 * What the server's scrubber writes in place of a secret, whole or inside text. One list for the
 * scrubber that writes them and for the reproduction generator, which must not rebuild an argument
 * holding one (it is not the value the service saw). Stable: stored events carry these strings.
 * {@link SecretScrubber} (prompts, the fix memory) writes {@link #FILTERED} for every secret.
 */
public final class ScrubMasks {

  /** The value of a sensitive key, or a credential after {@code Bearer} or in a URL. */
  public static final String FILTERED = "[Filtered]";

  public static final String CREDIT_CARD = "[creditcard]";
  public static final String PEM_KEY = "[pemkey]";
  public static final String US_SSN = "[usssn]";
  public static final String JWT = "[jwt]";
  public static final String AWS_KEY = "[aws-key]";
  public static final String GITHUB_TOKEN = "[github-token]";
  public static final String SLACK_TOKEN = "[slack-token]";
  public static final String GOOGLE_API_KEY = "[google-api-key]";
  public static final String STRIPE_KEY = "[stripe-key]";

  /** Every mask. */
  public static final List<String> ALL =
      List.of(
          FILTERED,
          CREDIT_CARD,
          PEM_KEY,
          US_SSN,
          JWT,
          AWS_KEY,
          GITHUB_TOKEN,
          SLACK_TOKEN,
          GOOGLE_API_KEY,
          STRIPE_KEY);

  private ScrubMasks() {}
}
