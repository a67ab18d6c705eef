package dev.kintsugi.llm;

/** Makes untrusted text safe to show on one line of a report or commit message. */
final class Descriptions {

  private Descriptions() {}

  static String oneLine(String text, int max) {
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
