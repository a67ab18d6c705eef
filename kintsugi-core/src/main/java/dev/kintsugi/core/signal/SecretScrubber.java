package dev.kintsugi.core.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text with {@link ScrubMasks#FILTERED} before the text leaves the machine or
 * is stored: provider API keys and tokens, bearer/basic credentials, private key blocks, JWTs, URL
 * credentials, values of password/secret/token/key-like names, credit-card numbers (Luhn-checked),
 * and any extra literal given (the configured API key). Used for prompts sent to a model and for
 * failure messages kept in the fix memory. Immutable and thread-safe.
 *
 * <p>Stability: experimental.
 */
public final class SecretScrubber {

  private static final String FILTERED = ScrubMasks.FILTERED;

  private static final List<Pattern> TOKENS =
      List.of(
          Pattern.compile(
              "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"),
          Pattern.compile("\\bsk-(?:ant-|proj-)?[A-Za-z0-9_\\-]{16,}"),
          Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}\\b"),
          Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{30,}\\b"),
          Pattern.compile("\\bglpat-[A-Za-z0-9_\\-]{20,}\\b"),
          Pattern.compile("\\bxox[abposr]-[A-Za-z0-9\\-]{10,}\\b"),
          Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{35}\\b"),
          Pattern.compile(
              "\\beyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}"));

  private static final Pattern AUTH_HEADER =
      Pattern.compile("(?i)\\b(bearer|basic|token)(\\s+)([A-Za-z0-9._~+/=\\-]{8,})");

  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)([^\\s/@:]+):([^\\s/@]+)@");

  /** {@code password=..., "apiKey": "...", secret: ...}: the value is replaced, the name kept. */
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)([\\w.\\-]*(?:passw(?:or)?d|pwd|secret|token|api[_\\-]?key|access[_\\-]?key"
              + "|private[_\\-]?key|credential|auth(?:orization)?|cookie|session[_\\-]?id)[\\w.\\-]*"
              + "[\"']?)([ \\t]*)([:=])([ \\t]*)(\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s,;&)}\\]]+)");

  private static final Pattern CARD = Pattern.compile("\\b(?:\\d[ \\-]?){12,18}\\d\\b");

  private final List<String> literals;

  /**
   * A scrubber that also replaces each of {@code literals} (null and shorter than 4 characters are
   * ignored: too short to be a secret, too likely to be ordinary text).
   */
  public SecretScrubber(List<String> literals) {
    List<String> keep = new ArrayList<>();
    for (String literal : literals) {
      if (literal != null && literal.length() >= 4) {
        keep.add(literal);
      }
    }
    this.literals = List.copyOf(keep);
  }

  /** A scrubber with no extra literals. */
  public static SecretScrubber standard() {
    return new SecretScrubber(List.of());
  }

  /** {@code text} with every secret found replaced; empty for null. */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String out = text;
    for (String literal : literals) {
      out = out.replace(literal, FILTERED);
    }
    for (Pattern p : TOKENS) {
      out = p.matcher(out).replaceAll(Matcher.quoteReplacement(FILTERED));
    }
    out = AUTH_HEADER.matcher(out).replaceAll("$1$2" + Matcher.quoteReplacement(FILTERED));
    out = URL_CREDENTIALS.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(FILTERED) + "@");
    out = scrubKeyValues(out);
    out = scrubCards(out);
    return out;
  }

  private static String scrubKeyValues(String text) {
    Matcher m = KEY_VALUE.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String before = m.group(2);
      String sep = m.group(3);
      String after = m.group(4);
      String value = m.group(5);
      String head = m.group(1) + before + sep + after;
      String replaced;
      if (value.equals(FILTERED) || value.startsWith("=")) {
        replaced = m.group();
      } else if (value.startsWith("\"")) {
        replaced = head + "\"" + FILTERED + "\"";
      } else if (value.startsWith("'")) {
        replaced = head + "'" + FILTERED + "'";
      } else if (looksLikeCode(before, sep, after, value)) {
        replaced = m.group();
      } else {
        replaced = head + FILTERED;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replaced));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * An unquoted value that is code, not a secret ({@code token = next();}, {@code for (String token
   * : tokens)}): formatted code puts spaces around {@code =} and before {@code :}, logs and config
   * ({@code password=hunter2}, {@code password: hunter2}) do not.
   */
  private static boolean looksLikeCode(String before, String sep, String after, String value) {
    if (value.equals("null") || value.equals("true") || value.equals("false")) {
      return true;
    }
    boolean spaced = sep.equals("=") ? !before.isEmpty() || !after.isEmpty() : !before.isEmpty();
    return spaced && value.matches("[A-Za-z_$][\\w$]*(?:\\.[\\w$]+)*(?:\\(.*)?");
  }

  private static String scrubCards(String text) {
    Matcher m = CARD.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String digits = m.group().replaceAll("[ \\-]", "");
      boolean card = digits.length() >= 13 && digits.length() <= 19 && luhn(digits);
      m.appendReplacement(sb, Matcher.quoteReplacement(card ? FILTERED : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }
}
