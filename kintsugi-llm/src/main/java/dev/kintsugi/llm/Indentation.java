package dev.kintsugi.llm;

import java.util.ArrayList;
import java.util.List;

/** Leading whitespace of lines, and moving replacement lines to the indentation they land at. */
final class Indentation {

  private Indentation() {}

  /**
   * The replacement lines, shifted by the indentation difference between the lines the model quoted
   * and the lines actually matched.
   */
  static List<String> reindent(List<String> quoted, List<String> replace, List<String> matched) {
    String from = null;
    String to = null;
    for (int k = 0; k < Math.min(quoted.size(), matched.size()); k++) {
      if (!quoted.get(k).isBlank()) {
        from = indent(quoted.get(k));
        to = indent(matched.get(k));
        break;
      }
    }
    if (from == null || from.equals(to)) {
      return replace;
    }
    List<String> out = new ArrayList<>();
    for (String line : replace) {
      if (line.isBlank()) {
        out.add(line);
      } else if (line.startsWith(from)) {
        out.add(to + line.substring(from.length()));
      } else {
        out.add(to + line.stripLeading());
      }
    }
    return out;
  }

  /** A line's leading spaces and tabs. */
  static String indent(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(0, i);
  }
}
