package dev.kintsugi.server.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.kintsugi.server.scrub.Scrubber;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Copies an event's JSON from a parser to a generator in one pass, scrubbing every key and string
 * with a {@link Scrubber} and trimming it to {@link EventCaps} on the way: containers nested too
 * deep become {@value #DEPTH_MARK}, free-form maps and lists keep their first items and a {@value
 * #TRUNCATED_MARK} marker, strings are cut with {@code "..."}, breadcrumbs keep the most recent,
 * stack traces their outermost and innermost frames. No tree of the event is built; only the kept
 * tail of a long frame or breadcrumb list is buffered.
 *
 * <p>The markers are those of the Kintsugi agent's argument snapshots, so the reproduction
 * generator knows a value holding one was not kept faithfully.
 */
final class Normaliser {

  static final String DEPTH_MARK = "<kintsugi:depth>";
  static final String TRUNCATED_MARK = "<kintsugi:truncated>";
  private static final String ELLIPSIS = "...";

  private final Scrubber scrubber;
  private final EventCaps caps;

  /** Strings this short fit every cap: no cap lookup for them. */
  private final int fitsAnyCap;

  Normaliser(Scrubber scrubber, EventCaps caps) {
    this.scrubber = scrubber;
    this.caps = caps;
    int min = caps.maxChars();
    for (int cap : caps.fieldChars().values()) {
      min = Math.min(min, cap);
    }
    this.fitsAnyCap = min;
  }

  /**
   * Copies one field of the event object (depth 0): its name, then its value, scrubbed and
   * normalised. The parser is on the value's first token and is left on its last.
   *
   * @param tap also receives what is written (the grouping fields); may be null
   */
  void copyField(String name, JsonParser in, JsonGenerator out, JsonGenerator tap)
      throws IOException {
    Out o = new Out(out, tap);
    o.fieldName(name);
    if (in.currentToken() != JsonToken.VALUE_NULL && scrubber.isSensitiveKey(name)) {
      in.skipChildren();
      o.string(Scrubber.FILTERED);
      return;
    }
    framesOmitted(o, copyValue(in, o, name, 0, 0, caps.maxChars()));
  }

  /**
   * The free-form level of a container under {@code key} inside a container of level {@code free}.
   */
  private static int freeLevel(String key, int free) {
    if (free > 0) {
      return free + 1;
    }
    return key != null && EventCaps.FREE_FORM.contains(key) ? 1 : 0;
  }

  /**
   * Copies one value.
   *
   * @param key the field the value is under (array items: the array's field)
   * @param depth the depth of the container holding the value (the event is 0)
   * @param parentFree the free-form level of the container holding the value; 0 outside
   * @param chars the string cap of the free-form value this one is in (when {@code parentFree > 0})
   * @return frames dropped from the middle of a {@code frames} list, else 0
   */
  private int copyValue(JsonParser in, Out out, String key, int depth, int parentFree, int chars)
      throws IOException {
    JsonToken token = in.currentToken();
    if (token == null) {
      throw new IOException("unexpected end of JSON");
    }
    switch (token) {
      case START_OBJECT, START_ARRAY -> {
        int free = freeLevel(key, parentFree);
        if (depth + 1 > caps.maxDepth() || free > caps.maxFreeFormDepth()) {
          in.skipChildren();
          out.string(DEPTH_MARK);
          return 0;
        }
        int textCap = free == 1 ? caps.charsOf(key) : chars;
        if (token == JsonToken.START_OBJECT) {
          copyObject(in, out, key, depth + 1, free, textCap);
          return 0;
        }
        if ("frames".equals(key) && free == 0) {
          int head = caps.maxFrames() / 2;
          return copyKeepingEnds(in, out, key, depth + 1, head, caps.maxFrames() - head, chars);
        }
        if ("breadcrumbs".equals(key) && free == 0) {
          copyKeepingEnds(in, out, key, depth + 1, 0, caps.maxBreadcrumbs(), chars);
          return 0;
        }
        copyArray(in, out, key, depth + 1, free, textCap);
        return 0;
      }
      case VALUE_STRING -> copyString(in, out, key, parentFree > 0 ? chars : -1);
      default -> out.copy(in);
    }
    return 0;
  }

  private void copyObject(JsonParser in, Out out, String key, int depth, int free, int chars)
      throws IOException {
    out.startObject();
    int count = 0;
    boolean dropped = false;
    JsonToken t;
    while ((t = in.nextToken()) == JsonToken.FIELD_NAME) {
      String name = in.currentName();
      JsonToken value = in.nextToken();
      if (free > 0 && count == caps.maxItems()) {
        in.skipChildren();
        dropped = true;
        continue;
      }
      count++;
      out.fieldName(name.length() > caps.maxKeyChars() ? cut(name, caps.maxKeyChars()) : name);
      if (value != JsonToken.VALUE_NULL && scrubber.isSensitiveKey(name)) {
        in.skipChildren();
        out.string(Scrubber.FILTERED);
        continue;
      }
      // Sentry's {"breadcrumbs": {"values": [...]}} form: the list is the breadcrumbs.
      String childKey = "breadcrumbs".equals(key) && "values".equals(name) ? key : name;
      framesOmitted(out, copyValue(in, out, childKey, depth, free, chars));
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("unexpected end of JSON object");
    }
    if (dropped) {
      out.fieldName(TRUNCATED_MARK);
      out.bool(true);
    }
    out.endObject();
  }

  /** After a trimmed {@code frames} list, in its stack trace: which frames were dropped. */
  private void framesOmitted(Out out, int omitted) throws IOException {
    if (omitted > 0) {
      int head = caps.maxFrames() / 2;
      out.fieldName("frames_omitted");
      out.startArray();
      out.number(head);
      out.number(head + omitted);
      out.endArray();
    }
  }

  private void copyArray(JsonParser in, Out out, String key, int depth, int free, int chars)
      throws IOException {
    out.startArray();
    JsonToken t = in.nextToken();
    int count = 0;
    int nameCap = free > 0 ? chars : caps.charsOf(key);
    if (t == JsonToken.VALUE_STRING && scrubber.isSensitivePairName(in.getText())) {
      // Sentry sends headers, cookies, tags and query strings also as [name, value] pairs: a
      // pair whose name is sensitive keeps its name and has a non-null value filtered.
      String name = in.getText();
      t = in.nextToken();
      if (t != JsonToken.END_ARRAY && t != JsonToken.VALUE_NULL && t != null) {
        TokenBuffer second = new TokenBuffer(in);
        second.copyCurrentStructure(in);
        t = in.nextToken();
        if (t == JsonToken.END_ARRAY) {
          writeText(name, out, nameCap);
          out.string(Scrubber.FILTERED);
          out.endArray();
          return;
        }
        writeText(name, out, nameCap);
        try (JsonParser replay = second.asParser(in.getCodec())) {
          replay.nextToken();
          copyValue(replay, out, key, depth, free, chars);
        }
        count = 2;
      } else {
        writeText(name, out, nameCap);
        count = 1;
      }
    }
    boolean dropped = false;
    while (t != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new IOException("unexpected end of JSON array");
      }
      if (free > 0 && count >= caps.maxItems()) {
        in.skipChildren();
        dropped = true;
      } else {
        copyValue(in, out, key, depth, free, chars);
        count++;
      }
      t = in.nextToken();
    }
    if (dropped) {
      out.string(TRUNCATED_MARK);
    }
    out.endArray();
  }

  /**
   * Copies a list keeping its first {@code head} and last {@code tail} items (the tail buffered,
   * normalised, in a ring); returns how many were dropped between them.
   */
  private int copyKeepingEnds(
      JsonParser in, Out out, String key, int depth, int head, int tail, int chars)
      throws IOException {
    out.startArray();
    ArrayDeque<TokenBuffer> kept = new ArrayDeque<>();
    int index = 0;
    int dropped = 0;
    JsonToken t;
    while ((t = in.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new IOException("unexpected end of JSON array");
      }
      if (index++ < head) {
        copyValue(in, out, key, depth, 0, chars);
        continue;
      }
      if (tail == 0) {
        in.skipChildren();
        dropped++;
        continue;
      }
      TokenBuffer buffer = new TokenBuffer(in);
      copyValue(in, new Out(buffer, null), key, depth, 0, chars);
      kept.addLast(buffer);
      if (kept.size() > tail) {
        kept.removeFirst();
        dropped++;
      }
    }
    for (TokenBuffer b : kept) {
      out.replay(b);
    }
    out.endArray();
    return dropped;
  }

  /**
   * @param freeCap the cap inside a free-form value (that of its root: tags 200), or -1 outside,
   *     where the field's own cap holds
   */
  private void copyString(JsonParser in, Out out, String key, int freeCap) throws IOException {
    char[] chars = in.getTextCharacters();
    int offset = in.getTextOffset();
    int length = in.getTextLength();
    int hints = scrubber.hints(chars, offset, length);
    if (hints == 0) {
      // The cap is looked up only for strings long enough to need it (most are short).
      if (length <= fitsAnyCap || length <= cap(key, freeCap)) {
        out.string(chars, offset, length);
      } else {
        int cut = cutPoint(chars, offset, cap(key, freeCap));
        out.string(new String(chars, offset, cut) + ELLIPSIS);
      }
      return;
    }
    String scrubbed = scrubber.scrubText(new String(chars, offset, length), hints);
    int cap = cap(key, freeCap);
    out.string(scrubbed.length() <= cap ? scrubbed : cut(scrubbed, cap));
  }

  private int cap(String key, int freeCap) {
    return freeCap >= 0 ? freeCap : caps.charsOf(key);
  }

  private void writeText(String text, Out out, int cap) throws IOException {
    String scrubbed = scrubber.scrubText(text);
    out.string(scrubbed.length() <= cap ? scrubbed : cut(scrubbed, cap));
  }

  /** The first {@code cap} characters, the last three of them "...", no surrogate pair split. */
  static String cut(String text, int cap) {
    return text.substring(0, cutPoint(text.toCharArray(), 0, cap)) + ELLIPSIS;
  }

  /** Where to cut for {@code cap} characters with the ellipsis, not splitting a surrogate pair. */
  private static int cutPoint(char[] chars, int offset, int cap) {
    int end = cap - ELLIPSIS.length();
    return Character.isHighSurrogate(chars[offset + end - 1]) ? end - 1 : end;
  }

  /** The stored event and, for grouping fields, the tap: every write goes to both. */
  private record Out(JsonGenerator main, JsonGenerator tap) {
    void fieldName(String name) throws IOException {
      main.writeFieldName(name);
      if (tap != null) {
        tap.writeFieldName(name);
      }
    }

    void string(String text) throws IOException {
      main.writeString(text);
      if (tap != null) {
        tap.writeString(text);
      }
    }

    void string(char[] chars, int offset, int length) throws IOException {
      main.writeString(chars, offset, length);
      if (tap != null) {
        tap.writeString(chars, offset, length);
      }
    }

    void number(int n) throws IOException {
      main.writeNumber(n);
      if (tap != null) {
        tap.writeNumber(n);
      }
    }

    void bool(boolean b) throws IOException {
      main.writeBoolean(b);
      if (tap != null) {
        tap.writeBoolean(b);
      }
    }

    void copy(JsonParser in) throws IOException {
      main.copyCurrentEvent(in);
      if (tap != null) {
        tap.copyCurrentEvent(in);
      }
    }

    void replay(TokenBuffer buffer) throws IOException {
      buffer.serialize(main);
      if (tap != null) {
        buffer.serialize(tap);
      }
    }

    void startObject() throws IOException {
      main.writeStartObject();
      if (tap != null) {
        tap.writeStartObject();
      }
    }

    void endObject() throws IOException {
      main.writeEndObject();
      if (tap != null) {
        tap.writeEndObject();
      }
    }

    void startArray() throws IOException {
      main.writeStartArray();
      if (tap != null) {
        tap.writeStartArray();
      }
    }

    void endArray() throws IOException {
      main.writeEndArray();
      if (tap != null) {
        tap.writeEndArray();
      }
    }
  }
}
