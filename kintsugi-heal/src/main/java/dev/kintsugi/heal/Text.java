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
}
