package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintsugi.server.scrub.ScrubRules;
import dev.kintsugi.server.scrub.Scrubber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps secrets out of what an experiment writes and prints: the experiment's own secret values
 * (and the Kintsugi token) are replaced wherever they appear, then the server's {@link Scrubber}
 * (sensitive keys such as {@code secrets} and {@code kintsugi_token}, bearer tokens, keys in text)
 * scrubs the journal.
 */
final class Masking {

  private static final Scrubber SCRUBBER = new Scrubber(ScrubRules.defaults());

  private final List<String> secrets;

  Masking(Set<String> secrets) {
    // Longest first, so a secret containing another is replaced whole.
    this.secrets =
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** A line with every secret value replaced. */
  String line(String text) {
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, Scrubber.FILTERED);
    }
    return out;
  }

  /** Scrubs the journal in place. */
  void journal(ObjectNode journal) {
    values(journal);
    SCRUBBER.scrub(journal);
  }

  private void values(JsonNode node) {
    if (node instanceof ObjectNode o) {
      List<String> texts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (e.getValue().isTextual()) {
          texts.add(e.getKey());
        } else {
          values(e.getValue());
        }
      }
      for (String key : texts) {
        o.put(key, line(o.get(key).textValue()));
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) {
          a.set(i, TextNode.valueOf(line(a.get(i).textValue())));
        } else {
          values(a.get(i));
        }
      }
    }
  }
}
