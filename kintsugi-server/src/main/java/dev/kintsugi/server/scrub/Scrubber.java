package dev.kintsugi.server.scrub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintsugi.core.signal.ScrubMasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes secrets from an event before anything stores it, with Sentry Relay's defaults as the
 * floor:
 *
 * <ul>
 *   <li>key-based ({@code @password}): the value of any key that looks sensitive ({@code password},
 *       {@code secret}, {@code token}, {@code auth}, {@code cookie}, {@code session}, {@code
 *       passphrase}, {@code pin}, {@code ssn}, ... see {@link SensitiveKeys}) becomes {@value
 *       #FILTERED}; so does the value of a {@code [name, value]} pair (Sentry's form of headers,
 *       cookies, tags and query strings) with a sensitive name;
 *   <li>in any string ({@link SecretText}): PEM private keys, card numbers (Luhn), US SSNs, JWTs,
 *       AWS/GitHub/Slack/Google/Stripe credentials become typed masks ({@code [creditcard]}, {@code
 *       [jwt]}, {@code [aws-key]}, ...); credentials in URLs, after {@code Bearer}/{@code Basic}
 *       and values of sensitive {@code key=value} pairs become {@value #FILTERED}; the rest of the
 *       text is kept.
 * </ul>
 *
 * <p>Ingest applies it while streaming (see {@code ingest.Normaliser}, through {@link
 * #isSensitiveKey}, {@link #hints} and {@link #scrubText(String, int)}); {@link #scrub(ObjectNode)}
 * gives the same result on a tree.
 */
public final class Scrubber {

  /** What replaces a scrubbed value, as in Sentry. */
  public static final String FILTERED = ScrubMasks.FILTERED;

  private final SensitiveKeys keys;
  private final SecretText text;

  public Scrubber(ScrubRules rules) {
    this.keys = new SensitiveKeys(rules.extraKeys());
    this.text = new SecretText(keys, rules.extraValuePatterns());
  }

  /** Whether a key's value must be filtered. */
  public boolean isSensitiveKey(String key) {
    return keys.isSensitive(key);
  }

  /**
   * Whether a list starting with this string is a {@code [name, value]} pair whose value must be
   * filtered: a sensitive name that reads as a name (no blanks), not a sentence such as {@code
   * ["Bearer abc", 7]} in captured arguments.
   */
  public boolean isSensitivePairName(String name) {
    if (name.length() > 256) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isWhitespace(name.charAt(i))) {
        return false;
      }
    }
    return isSensitiveKey(name);
  }

  /** The text with its secrets masked; the same instance when it has none. */
  public String scrubText(String text) {
    return this.text.scrub(text);
  }

  /**
   * A cheap scan of {@code chars[offset, offset + length)}: 0 means {@link #scrubText} would leave
   * the text as it is, so a caller can copy the characters without making a string.
   */
  public int hints(char[] chars, int offset, int length) {
    return text.hints(chars, offset, length);
  }

  /** {@link #scrubText(String)} given the text's {@link #hints} (not 0). */
  public String scrubText(String text, int hints) {
    return this.text.scrub(text, hints);
  }

  /** Scrubs the event in place. */
  public void scrub(ObjectNode event) {
    scrubObject(event);
  }

  private void scrubObject(ObjectNode node) {
    List<Map.Entry<String, JsonNode>> replace = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      JsonNode value = f.getValue();
      if (!value.isNull() && isSensitiveKey(f.getKey())) {
        replace.add(Map.entry(f.getKey(), TextNode.valueOf(FILTERED)));
      } else {
        JsonNode scrubbed = scrubValue(value);
        if (scrubbed != value) {
          replace.add(Map.entry(f.getKey(), scrubbed));
        }
      }
    }
    for (Map.Entry<String, JsonNode> r : replace) {
      node.set(r.getKey(), r.getValue());
    }
  }

  /** Returns a replacement node, or the same node (possibly changed in place). */
  private JsonNode scrubValue(JsonNode value) {
    if (value.isTextual()) {
      String t = value.textValue();
      String scrubbed = scrubText(t);
      return scrubbed.equals(t) ? value : TextNode.valueOf(scrubbed);
    }
    if (value.isObject()) {
      scrubObject((ObjectNode) value);
    } else if (value.isArray()) {
      scrubArray((ArrayNode) value);
    }
    return value;
  }

  private void scrubArray(ArrayNode array) {
    // Sentry sends headers, cookies, tags and query strings also as [name, value] pairs.
    if (array.size() == 2
        && array.get(0).isTextual()
        && !array.get(1).isNull()
        && isSensitivePairName(array.get(0).textValue())) {
      array.set(0, scrubValue(array.get(0)));
      array.set(1, TextNode.valueOf(FILTERED));
      return;
    }
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      JsonNode scrubbed = scrubValue(item);
      if (scrubbed != item) {
        array.set(i, scrubbed);
      }
    }
  }
}
