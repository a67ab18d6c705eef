package dev.kintsugi.server.scrub;

import dev.kintsugi.core.signal.ScrubMasks;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets inside free text and masks them, keeping the text around them: Relay's default
 * {@code @pemkey}, {@code @creditcard} (Luhn-checked), {@code @usssn}, {@code @urlauth} and {@code
 * @bearer} rules, JWTs, well-known cloud credentials (AWS access key ids, GitHub, Slack, Google API
 * and Stripe keys), {@code key=value} pairs with a sensitive key (see {@link KeyValueSecrets}), and
 * the configured extra patterns.
 *
 * <p>Fast path first: {@link #hints} scans the characters once for what each rule needs (a literal
 * anchor such as {@code eyJ} or {@code AKIA}, a separator, enough digits); only the rules whose
 * hint is present run their regex. Most strings of an event (names, paths, short messages) need no
 * regex at all. Regexes are compiled once.
 */
final class SecretText {

  /** A regex rule with the literals one of which any match contains. */
  private record Rule(List<String> anchors, Pattern pattern, Function<MatchResult, String> mask) {}

  private static Rule rule(List<String> anchors, String regex, String mask) {
    return new Rule(anchors, Pattern.compile(regex), m -> mask);
  }

  /**
   * In order: the most specific first, so a JWT after {@code Bearer} reads {@code Bearer [jwt]}.
   */
  private static final List<Rule> RULES =
      List.of(
          rule(
              List.of("PRIVATE KEY"),
              "-----BEGIN[A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END[A-Z ]*PRIVATE KEY-----|\\z)",
              ScrubMasks.PEM_KEY),
          rule(
              List.of("eyJ"),
              "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*",
              ScrubMasks.JWT),
          rule(
              List.of(
                  "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA",
                  "APKA", "ASCA", "A3T"),
              "(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA"
                  + "|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])",
              ScrubMasks.AWS_KEY),
          rule(
              List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
              "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,240})"
                  + "(?![A-Za-z0-9_])",
              ScrubMasks.GITHUB_TOKEN),
          rule(
              List.of("xox"),
              "(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}",
              ScrubMasks.SLACK_TOKEN),
          rule(
              List.of("AIza"),
              "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])",
              ScrubMasks.GOOGLE_API_KEY),
          rule(
              List.of("_live_", "_test_"),
              "(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}",
              ScrubMasks.STRIPE_KEY),
          // @urlauth: scheme://user:password@host keeps the user, filters the password.
          new Rule(
              List.of("://"),
              Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://[^\\s/?#@:]*):([^\\s/?#@]+)@"),
              m ->
                  Masks.isMask(m.group(2), 0, m.group(2).length())
                      ? m.group()
                      : m.group(1) + ":" + Scrubber.FILTERED + "@"),
          // @bearer (and Basic): keeps the scheme, filters the credential.
          new Rule(
              List.of("earer", "EARER", "asic", "ASIC"),
              Pattern.compile("(?i)\\b(bearer|basic)(\\s+)([A-Za-z0-9._~+/=-]{8,})"),
              m ->
                  isCredential(m.group(3))
                      ? m.group(1) + m.group(2) + Scrubber.FILTERED
                      : m.group()));

  private static final Pattern US_SSN =
      Pattern.compile("(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\d-])");

  // Hint bits: one per rule, then the hand-written checks.
  private static final int KEY_VALUE = 1 << RULES.size();
  private static final int CARD = KEY_VALUE << 1;
  private static final int SSN = CARD << 1;

  /** Anchors by their first character (ASCII), each with its rule's bit. */
  private static final char[][][] ANCHORS = new char[128][][];

  private static final int[][] ANCHOR_BITS = new int[128][];

  static {
    for (int r = 0; r < RULES.size(); r++) {
      for (String anchor : RULES.get(r).anchors()) {
        int c = anchor.charAt(0);
        char[][] list = ANCHORS[c] == null ? new char[0][] : ANCHORS[c];
        int[] bits = ANCHOR_BITS[c] == null ? new int[0] : ANCHOR_BITS[c];
        ANCHORS[c] = Arrays.copyOf(list, list.length + 1);
        ANCHORS[c][list.length] = anchor.toCharArray();
        ANCHOR_BITS[c] = Arrays.copyOf(bits, bits.length + 1);
        ANCHOR_BITS[c][bits.length] = 1 << r;
      }
    }
  }

  private final KeyValueSecrets keyValues;
  private final List<Pattern> extraPatterns;

  SecretText(SensitiveKeys keys, List<Pattern> extraPatterns) {
    this.keyValues = new KeyValueSecrets(keys);
    this.extraPatterns = List.copyOf(extraPatterns);
  }

  /** Which rules may match {@code chars[offset, offset + length)}; 0 when none can. */
  int hints(char[] chars, int offset, int length) {
    int hints = extraPatterns.isEmpty() ? 0 : -1;
    int digits = 0;
    boolean ssnShape = false;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = chars[i];
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '=' || c == ':') {
        hints |= KEY_VALUE;
      } else if (c == '-' && !ssnShape && i - offset >= 3 && end - i > 7) {
        ssnShape = isSsnShape(chars, i);
      }
      if (c < 128 && ANCHORS[c] != null) {
        char[][] anchors = ANCHORS[c];
        for (int a = 0; a < anchors.length; a++) {
          if (startsWith(chars, i, end, anchors[a])) {
            hints |= ANCHOR_BITS[c][a];
          }
        }
      }
    }
    if (digits >= 13) {
      hints |= CARD;
    }
    if (ssnShape) {
      hints |= SSN;
    }
    return hints;
  }

  /** The text with its secrets masked; the same instance when there were none. */
  String scrub(String text) {
    char[] chars = text.toCharArray();
    return scrub(text, hints(chars, 0, chars.length));
  }

  /** As {@link #scrub(String)}, given the text's {@link #hints}. */
  String scrub(String text, int hints) {
    if (hints == 0) {
      return text;
    }
    String out = text;
    for (int r = 0; r < RULES.size(); r++) {
      if ((hints & (1 << r)) != 0) {
        Rule rule = RULES.get(r);
        Matcher m = rule.pattern().matcher(out);
        if (m.find()) {
          out = m.replaceAll(match -> Matcher.quoteReplacement(rule.mask().apply(match)));
        }
      }
    }
    if ((hints & KEY_VALUE) != 0) {
      out = keyValues.replace(out);
    }
    if ((hints & CARD) != 0) {
      out = CreditCards.replace(out, ScrubMasks.CREDIT_CARD);
    }
    if ((hints & SSN) != 0) {
      out = US_SSN.matcher(out).replaceAll(ScrubMasks.US_SSN);
    }
    for (Pattern p : extraPatterns) {
      out = p.matcher(out).replaceAll(Matcher.quoteReplacement(Scrubber.FILTERED));
    }
    return out;
  }

  /** A credential, not a word: "Bearer abc.DEF-123" yes, "basic configuration" no. */
  private static boolean isCredential(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 'a' || c > 'z') {
        return !Masks.isMask(token, 0, token.length());
      }
    }
    return false;
  }

  /** {@code ddd-dd-dddd} around the dash at {@code dash} (the regex then checks the rest). */
  private static boolean isSsnShape(char[] c, int dash) {
    return isDigit(c[dash - 3])
        && isDigit(c[dash - 2])
        && isDigit(c[dash - 1])
        && isDigit(c[dash + 1])
        && isDigit(c[dash + 2])
        && c[dash + 3] == '-'
        && isDigit(c[dash + 4])
        && isDigit(c[dash + 7]);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean startsWith(char[] chars, int at, int end, char[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int j = 1; j < prefix.length; j++) {
      if (chars[at + j] != prefix[j]) {
        return false;
      }
    }
    return true;
  }
}
