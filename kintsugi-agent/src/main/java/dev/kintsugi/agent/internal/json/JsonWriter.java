package dev.kintsugi.agent.internal.json;

/**
 * A minimal streaming JSON writer into a {@link StringBuilder}. Hand-written rather than a JSON
 * library because the agent must bring no runtime dependency into its host (a library shaded in
 * would double the jar for four methods). Strings are escaped per RFC 8259; lone surrogates become
 * U+FFFD so that every output encodes as valid UTF-8.
 *
 * <p>Not thread-safe; one writer per document.
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  private boolean needsComma;

  public JsonWriter() {
    this(new StringBuilder(256));
  }

  public JsonWriter(StringBuilder out) {
    this.out = out;
  }

  /** A position to {@link #reset} to, dropping what was written after it. */
  public long mark() {
    return ((long) out.length() << 1) | (needsComma ? 1 : 0);
  }

  public void reset(long mark) {
    out.setLength((int) (mark >>> 1));
    needsComma = (mark & 1) != 0;
  }

  /** Characters written so far. */
  public int length() {
    return out.length();
  }

  public JsonWriter beginObject() {
    comma();
    out.append('{');
    needsComma = false;
    return this;
  }

  public JsonWriter endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  public JsonWriter beginArray() {
    comma();
    out.append('[');
    needsComma = false;
    return this;
  }

  public JsonWriter endArray() {
    out.append(']');
    needsComma = true;
    return this;
  }

  /** Writes a member name; the next call writes its value. */
  public JsonWriter name(CharSequence name) {
    comma();
    quote(out, name);
    out.append(':');
    needsComma = false;
    return this;
  }

  public JsonWriter value(CharSequence text) {
    if (text == null) {
      return nullValue();
    }
    comma();
    quote(out, text);
    needsComma = true;
    return this;
  }

  public JsonWriter value(long n) {
    comma();
    out.append(n);
    needsComma = true;
    return this;
  }

  /** A finite double as a number; NaN and infinities as the strings {@code "NaN"}, ... */
  public JsonWriter value(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return value(Double.toString(d));
    }
    comma();
    out.append(d);
    needsComma = true;
    return this;
  }

  /** Like {@link #value(double)}, with the float's own shortest decimal form (0.1f is 0.1). */
  public JsonWriter value(float f) {
    if (Float.isNaN(f) || Float.isInfinite(f)) {
      return value(Float.toString(f));
    }
    comma();
    out.append(f);
    needsComma = true;
    return this;
  }

  public JsonWriter value(boolean b) {
    comma();
    out.append(b);
    needsComma = true;
    return this;
  }

  public JsonWriter nullValue() {
    comma();
    out.append("null");
    needsComma = true;
    return this;
  }

  /** Writes already-serialised JSON as one value. */
  public JsonWriter rawValue(CharSequence json) {
    comma();
    out.append(json);
    needsComma = true;
    return this;
  }

  private void comma() {
    if (needsComma) {
      out.append(',');
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** Appends {@code text} as a JSON string literal. */
  public static void quote(StringBuilder out, CharSequence text) {
    out.append('"');
    int n = text.length();
    int plain = 0;
    while (plain < n && isPlain(text.charAt(plain))) {
      plain++;
    }
    // Most text needs no escaping: copy it in one go.
    out.append(text, 0, plain);
    for (int i = plain; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicode(out, c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
              out.append(c).append(text.charAt(++i));
            } else {
              out.append('\uFFFD');
            }
          } else if (Character.isLowSurrogate(c)) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static boolean isPlain(char c) {
    return c >= 0x20 && c != '"' && c != '\\' && c < 0x2028 || c > 0x2029 && c < 0xD800;
  }

  private static void unicode(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
