package dev.kintsugi.core.repair;

/**
 * Makes untrusted text (a model's reply, a remembered fix) safe for a {@link Candidate}'s
 * description: one line of a report or commit message.
 */
public final class Descriptions {

  private Descriptions() {}

  /**
   * {@code text} on one line: control, line-separator, zero-width and bidi-override characters
   * (which could hide or reorder text in a review) and runs of white space become one space; longer
   * than {@code max} it is cut and ends with {@code ...}. Empty for null.
   *
   * @throws IllegalArgumentException when {@code max} is less than 3
   */
  public static String oneLine(String text, int max) {
    if (max < 3) {
      throw new IllegalArgumentException("max must be at least 3, was " + max);
    }
    if (text == null) {
      return "";
    }
    String s =
        text.replaceAll(
            "[\\p{Cntrl}\\p{Zl}\\p{Zp}\\u200B-\\u200F\\u202A-\\u202E\\u2066-\\u2069]+", " ");
    s = s.replaceAll("\\s+", " ").trim();
    return s.length() > max ? s.substring(0, max - 3) + "..." : s;
  }
}
