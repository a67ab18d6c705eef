package dev.kintsugi.java.repair;

import dev.kintsugi.core.repair.ChangedSpan;
import java.util.Objects;

/**
 * Replaces the characters {@code [start, end)} of a source text; an insertion when {@code start ==
 * end}, a deletion when the replacement is empty.
 */
record TextEdit(int start, int end, String replacement) {

  TextEdit {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad edit range [" + start + ", " + end + ")");
    }
    Objects.requireNonNull(replacement, "replacement");
  }

  static TextEdit insert(int at, String text) {
    return new TextEdit(at, at, text);
  }

  static TextEdit delete(int start, int end) {
    return new TextEdit(start, end, "");
  }

  /**
   * The smallest single edit turning {@code before} into {@code after}: what lies between their
   * common prefix and common suffix.
   */
  static TextEdit between(String before, String after) {
    ChangedSpan span = ChangedSpan.of(before, after);
    return new TextEdit(
        span.start(), span.beforeEnd(), after.substring(span.start(), span.afterEnd()));
  }

  /** Characters removed plus characters inserted: how big the edit reads in a diff. */
  int size() {
    return (end - start) + replacement.length();
  }

  /**
   * Whether the two edits share or touch a character position. Touching counts: two edits that meet
   * at one offset usually change the same token, so they are not independent.
   */
  boolean touches(TextEdit other) {
    return start <= other.end && other.start <= end;
  }
}
