package dev.kintsugi.java.repair;

import com.github.javaparser.JavaToken;
import com.github.javaparser.Position;
import com.github.javaparser.TokenRange;
import com.github.javaparser.ast.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A source text with a line index, mapping JavaParser positions to character offsets.
 *
 * <p>JavaParser counts lines on {@code \n}, {@code \r\n} and lone {@code \r}, and counts every
 * character (tabs included, with a tab size of 1) as one column, so an offset is the line's start
 * plus the column minus one. Node offsets are checked against the node's first and last token, so a
 * mismatch fails loudly instead of producing a wrong edit.
 */
final class SourceText {

  private final String text;
  private final int[] lineStarts;
  private final String lineSeparator;

  private SourceText(String text) {
    this.text = text;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    String separator = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        separator = separator == null ? "\r\n" : separator;
        i++;
        starts.add(i + 1);
      } else if (c == '\n' || c == '\r') {
        separator = separator == null ? String.valueOf(c) : separator;
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    this.lineSeparator = separator == null ? "\n" : separator;
  }

  static SourceText of(String text) {
    return new SourceText(text);
  }

  String text() {
    return text;
  }

  /** The file's first line separator; {@code \n} for a one-line file. */
  String lineSeparator() {
    return lineSeparator;
  }

  int lineCount() {
    return lineStarts.length;
  }

  /** Offset of the first character of a 1-based line. */
  int lineStart(int line) {
    checkLine(line);
    return lineStarts[line - 1];
  }

  /** Offset just past the last character of a 1-based line, before its separator. */
  int lineEnd(int line) {
    int end = lineEndWithSeparator(line);
    while (end > lineStart(line) && isSeparator(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** Offset of the start of the next line (or the end of the text for the last line). */
  int lineEndWithSeparator(int line) {
    checkLine(line);
    return line < lineStarts.length ? lineStarts[line] : text.length();
  }

  /** 1-based line holding an offset. */
  int lineOf(int offset) {
    int low = 0;
    int high = lineStarts.length - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low + 1;
  }

  /** The leading spaces and tabs of a 1-based line. */
  String indentation(int line) {
    int start = lineStart(line);
    int end = start;
    while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
      end++;
    }
    return text.substring(start, end);
  }

  /** Whether only spaces and tabs precede {@code offset} on its line. */
  boolean onlyIndentationBefore(int offset) {
    for (int i = lineStart(lineOf(offset)); i < offset; i++) {
      if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Whether only spaces and tabs follow {@code offset} up to the end of its line. */
  boolean onlyWhitespaceAfter(int offset) {
    int end = lineEnd(lineOf(offset));
    for (int i = offset; i < end; i++) {
      if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Offset of a JavaParser position. */
  int offset(Position position) {
    int offset = lineStart(position.line) + position.column - 1;
    if (position.column < 1 || offset > text.length()) {
      throw new IllegalStateException("position " + position + " is outside the text");
    }
    return offset;
  }

  /** Offset of a node's first character. */
  int start(Node node) {
    TokenRange tokens = tokens(node);
    JavaToken first = tokens.getBegin();
    int offset = offset(node.getBegin().orElseThrow());
    if (!text.startsWith(first.getText(), offset)) {
      throw new IllegalStateException("node " + node.getClass().getSimpleName() + " is misplaced");
    }
    return offset;
  }

  /** Offset just past a node's last character. */
  int end(Node node) {
    TokenRange tokens = tokens(node);
    JavaToken last = tokens.getEnd();
    int offset = offset(node.getEnd().orElseThrow()) + 1;
    String lastText = last.getText();
    if (offset < lastText.length() || !text.startsWith(lastText, offset - lastText.length())) {
      throw new IllegalStateException("node " + node.getClass().getSimpleName() + " is misplaced");
    }
    return offset;
  }

  /** The node's original text. */
  String text(Node node) {
    return text.substring(start(node), end(node));
  }

  String substring(int start, int end) {
    return text.substring(start, end);
  }

  /**
   * Offset of the first character at or after {@code from} that is neither whitespace nor inside a
   * comment; {@code limit} when there is none before it.
   */
  int skipTrivia(int from, int limit) {
    int i = from;
    while (i < limit) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("//", i)) {
        int newline = i;
        while (newline < limit && !isSeparator(text.charAt(newline))) {
          newline++;
        }
        i = newline;
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        i = close < 0 ? limit : close + 2;
      } else {
        return i;
      }
    }
    return limit;
  }

  private static TokenRange tokens(Node node) {
    return node.getTokenRange()
        .orElseThrow(() -> new IllegalStateException("node has no tokens: " + node));
  }

  private void checkLine(int line) {
    if (line < 1 || line > lineStarts.length) {
      throw new IllegalArgumentException("line " + line + " is outside 1.." + lineStarts.length);
    }
  }

  private static boolean isSeparator(char c) {
    return c == '\n' || c == '\r';
  }
}
