package dev.kintsugi.server.scrub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes secrets from an event before anything stores it, with Sentry's default data scrubbing as
 * the floor: the value of any key that looks sensitive ({@code password}, {@code secret}, {@code
 * token}, {@code auth}, {@code cookie}, {@code session}, ... — also HTTP headers given as {@code
 * [name, value]} pairs), payment card numbers in any string, and PEM private keys become {@value
 * #FILTERED}. Walks the whole JSON tree, so {@code extra}, {@code contexts}, request data,
 * breadcrumbs, messages and {@code exception.values[].stacktrace.frames[].vars} are all covered.
 */
public final class Scrubber {

  /** What replaces a scrubbed value, as in Sentry. */
  public static final String FILTERED = "[Filtered]";

  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN[A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END[A-Z ]*PRIVATE KEY-----");

  /** Keys whose name looks sensitive but which carry Sentry structure, not secrets. */
  private static final List<String> SAFE_KEYS = List.of("author");

  private final List<String> keys;
  private final List<Pattern> valuePatterns;

  public Scrubber(ScrubRules rules) {
    List<String> k = new ArrayList<>(ScrubRules.DEFAULT_KEYS);
    k.addAll(rules.extraKeys());
    this.keys = List.copyOf(k);
    this.valuePatterns = List.copyOf(rules.extraValuePatterns());
  }

  /** Scrubs the event in place. */
  public void scrub(ObjectNode event) {
    scrubObject(event);
  }

  /** Whether a key's value must be filtered. */
  public boolean isSensitiveKey(String key) {
    String k = ScrubRules.normaliseKey(key);
    if (SAFE_KEYS.contains(k)) {
      return false;
    }
    for (String s : keys) {
      if (k.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /** Scrubs card numbers and configured patterns out of free text. */
  public String scrubText(String text) {
    String out = CreditCards.replace(text, FILTERED);
    // Cheap pre-check: the PEM pattern runs only on text that can contain a private key.
    if (out.contains("PRIVATE KEY-----")) {
      out = PRIVATE_KEY.matcher(out).replaceAll(FILTERED);
    }
    for (Pattern p : valuePatterns) {
      out = p.matcher(out).replaceAll(FILTERED);
    }
    return out;
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
      String text = value.textValue();
      String scrubbed = scrubText(text);
      return scrubbed.equals(text) ? value : TextNode.valueOf(scrubbed);
    }
    if (value.isObject()) {
      scrubObject((ObjectNode) value);
    } else if (value.isArray()) {
      scrubArray((ArrayNode) value);
    }
    return value;
  }

  private void scrubArray(ArrayNode array) {
    // Sentry sends headers, cookies and tags also as [name, value] pairs.
    if (array.size() == 2
        && array.get(0).isTextual()
        && !array.get(1).isNull()
        && isSensitiveKey(array.get(0).textValue())) {
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
