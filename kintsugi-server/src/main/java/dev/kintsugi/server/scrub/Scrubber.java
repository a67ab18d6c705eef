package dev.kintsugi.server.scrub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from an event before anything stores it, with Sentry's default data scrubbing as
 * the floor: the value of any key that looks sensitive ({@code password}, {@code secret}, {@code
 * token}, {@code auth}, {@code cookie}, {@code session}, ... — also HTTP headers given as {@code
 * [name, value]} pairs), payment card numbers in any string, and PEM private keys become {@value
 * #FILTERED}. Walks the whole JSON tree, so {@code extra}, {@code contexts}, request data,
 * breadcrumbs, messages and {@code exception.values[].stacktrace.frames[].vars} are all covered.
 *
 * <p>Two forms with the same result: {@link #scrub(ObjectNode)} changes a tree in place; {@link
 * #copyValue} and {@link #copyField} copy tokens from a parser to a generator, scrubbing on the
 * way, so ingest never builds a tree of the whole event (one pass, no re-serialisation).
 */
public final class Scrubber {

  /** What replaces a scrubbed value, as in Sentry. */
  public static final String FILTERED = "[Filtered]";

  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN[A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END[A-Z ]*PRIVATE KEY-----");

  /** Keys whose name looks sensitive but which carry Sentry structure, not secrets. */
  private static final List<String> SAFE_KEYS = List.of("author");

  /** Cached {@link #isSensitiveKey} answers: events repeat the same few hundred key names. */
  private static final int KEY_CACHE_LIMIT = 4096;

  private static final char[] PEM_MARK = "PRIVATE KEY-----".toCharArray();

  private final List<String> keys;
  private final List<Pattern> valuePatterns;
  private final Map<String, Boolean> keyCache = new ConcurrentHashMap<>();

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
    Boolean cached = keyCache.get(key);
    if (cached != null) {
      return cached;
    }
    boolean sensitive = computeSensitive(key);
    if (keyCache.size() < KEY_CACHE_LIMIT) {
      keyCache.put(key, sensitive);
    }
    return sensitive;
  }

  private boolean computeSensitive(String key) {
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

  /** Whether {@link #scrubText} may change this text (a cheap scan that rules most text out). */
  private boolean mayNeedScrub(char[] text, int offset, int length) {
    if (!valuePatterns.isEmpty()) {
      return true;
    }
    int digits = 0;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = text[i];
      if (c >= '0' && c <= '9') {
        if (++digits >= 13) {
          return true;
        }
      } else if (c == 'P' && end - i >= PEM_MARK.length && startsWith(text, i, PEM_MARK)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(char[] text, int at, char[] prefix) {
    for (int j = 0; j < prefix.length; j++) {
      if (text[at + j] != prefix[j]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Copies the value of one object field, scrubbed: writes the field name, then {@value #FILTERED}
   * if the key is sensitive and the value not null, else the scrubbed value. The parser is on the
   * value's first token and is left on its last.
   *
   * @param tap also receives what is written (for a caller that wants part of the scrubbed event as
   *     a tree); may be null
   */
  public void copyField(String name, JsonParser in, JsonGenerator out, JsonGenerator tap)
      throws IOException {
    out.writeFieldName(name);
    if (tap != null) {
      tap.writeFieldName(name);
    }
    if (in.currentToken() != JsonToken.VALUE_NULL && isSensitiveKey(name)) {
      in.skipChildren();
      writeString(FILTERED, out, tap);
    } else {
      copyValue(in, out, tap);
    }
  }

  /**
   * Copies one JSON value, scrubbed, as {@link #scrub} would leave it. The parser is on the value's
   * first token and is left on its last.
   *
   * @param tap also receives what is written; may be null
   */
  public void copyValue(JsonParser in, JsonGenerator out, JsonGenerator tap) throws IOException {
    JsonToken token = in.currentToken();
    if (token == null) {
      throw new IOException("unexpected end of JSON");
    }
    switch (token) {
      case START_OBJECT -> {
        out.writeStartObject();
        if (tap != null) {
          tap.writeStartObject();
        }
        JsonToken t;
        while ((t = in.nextToken()) == JsonToken.FIELD_NAME) {
          String name = in.currentName();
          in.nextToken();
          copyField(name, in, out, tap);
        }
        if (t != JsonToken.END_OBJECT) {
          throw new IOException("unexpected end of JSON object");
        }
        out.writeEndObject();
        if (tap != null) {
          tap.writeEndObject();
        }
      }
      case START_ARRAY -> copyArray(in, out, tap);
      case VALUE_STRING -> copyText(in, out, tap);
      default -> {
        out.copyCurrentEvent(in);
        if (tap != null) {
          tap.copyCurrentEvent(in);
        }
      }
    }
  }

  private void copyArray(JsonParser in, JsonGenerator out, JsonGenerator tap) throws IOException {
    out.writeStartArray();
    if (tap != null) {
      tap.writeStartArray();
    }
    JsonToken t = in.nextToken();
    if (t == JsonToken.VALUE_STRING) {
      String first = in.getText();
      if (isSensitiveKey(first)) {
        // Sentry sends headers, cookies and tags also as [name, value] pairs: a pair whose name
        // is sensitive keeps its name as is and has a non-null value filtered (as scrubArray).
        t = in.nextToken();
        if (t != JsonToken.END_ARRAY && t != JsonToken.VALUE_NULL && t != null) {
          TokenBuffer second = new TokenBuffer(in);
          second.copyCurrentStructure(in);
          t = in.nextToken();
          if (t == JsonToken.END_ARRAY) {
            writeString(first, out, tap);
            writeString(FILTERED, out, tap);
            endArray(out, tap);
            return;
          }
          writeString(scrubText(first), out, tap);
          try (JsonParser replay = second.asParser(in.getCodec())) {
            replay.nextToken();
            copyValue(replay, out, tap);
          }
        } else {
          writeString(scrubText(first), out, tap);
        }
      } else {
        writeString(scrubText(first), out, tap);
        t = in.nextToken();
      }
    }
    while (t != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new IOException("unexpected end of JSON array");
      }
      copyValue(in, out, tap);
      t = in.nextToken();
    }
    endArray(out, tap);
  }

  private static void endArray(JsonGenerator out, JsonGenerator tap) throws IOException {
    out.writeEndArray();
    if (tap != null) {
      tap.writeEndArray();
    }
  }

  private void copyText(JsonParser in, JsonGenerator out, JsonGenerator tap) throws IOException {
    char[] chars = in.getTextCharacters();
    int offset = in.getTextOffset();
    int length = in.getTextLength();
    if (!mayNeedScrub(chars, offset, length)) {
      out.writeString(chars, offset, length);
      if (tap != null) {
        tap.writeString(chars, offset, length);
      }
      return;
    }
    writeString(scrubText(in.getText()), out, tap);
  }

  private static void writeString(String text, JsonGenerator out, JsonGenerator tap)
      throws IOException {
    out.writeString(text);
    if (tap != null) {
      tap.writeString(text);
    }
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
