package dev.kintsugi.heal;

/** Text of builds and tests made short for a warning or a reason. */
public final class Text {

  private Text() {}

  /** The first line of {@code text}, surrounding white space stripped; empty for null. */
  public static String firstLine(String text) {
    String t = text == null ? "" : text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  /** {@code text} cut to {@code max} characters, with an ellipsis when cut. */
  public static String clip(String text, int max) {
    String t = text == null ? "" : text;
    return t.length() <= max ? t : t.substring(0, Math.max(0, max - 1)) + "…";
  }

  /**
   * The longest start of {@code text} whose UTF-8 encoding fits in {@code maxBytes} (never
   * splitting a character); {@code text} itself when it fits.
   */
  public static String utf8Prefix(String text, int maxBytes) {
    if (text.length() * 3L <= maxBytes
        || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxBytes) {
      return text;
    }
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return text.substring(0, end);
  }
}
