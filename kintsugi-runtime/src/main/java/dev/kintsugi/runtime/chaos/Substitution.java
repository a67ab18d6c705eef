package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chaos Toolkit's {@code ${name}} substitution of configuration and secret values into an activity:
 * a string that is exactly one {@code ${name}} becomes the value itself (a number stays a number),
 * other occurrences are replaced by the value's text, unknown names stay as written.
 */
final class Substitution {

  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

  private final Map<String, JsonNode> values;

  Substitution(Map<String, JsonNode> values) {
    this.values = Map.copyOf(values);
  }

  /** A copy of {@code node} with every string substituted (field names are left alone). */
  JsonNode apply(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return text(node.textValue());
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), apply(e.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> out.add(apply(item)));
      return out;
    }
    return node;
  }

  private JsonNode text(String text) {
    Matcher whole = VAR.matcher(text);
    if (whole.matches() && values.containsKey(whole.group(1))) {
      return values.get(whole.group(1));
    }
    Matcher m = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode value = values.get(m.group(1));
      String replacement =
          value == null ? m.group() : value.isTextual() ? value.textValue() : value.toString();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return TextNode.valueOf(out.toString());
  }
}
