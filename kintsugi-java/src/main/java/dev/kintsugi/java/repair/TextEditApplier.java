package dev.kintsugi.java.repair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Applies text edits to a source text. */
final class TextEditApplier {

  private TextEditApplier() {}

  /**
   * Applies all edits to {@code source}. Edits are applied by position; insertions at the same
   * offset keep their list order, and an insertion at the start of a replaced range goes before it.
   *
   * @throws IllegalArgumentException when an edit lies outside the text or two edits overlap
   */
  static String apply(String source, List<TextEdit> edits) {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::end));
    StringBuilder out = new StringBuilder(source.length() + 64);
    int cursor = 0;
    for (TextEdit edit : sorted) {
      if (edit.end() > source.length()) {
        throw new IllegalArgumentException(
            "edit " + edit + " ends after the text (length " + source.length() + ")");
      }
      if (edit.start() < cursor) {
        throw new IllegalArgumentException("edit " + edit + " overlaps a previous edit");
      }
      out.append(source, cursor, edit.start()).append(edit.replacement());
      cursor = edit.end();
    }
    return out.append(source, cursor, source.length()).toString();
  }
}
