package dev.kintsugi.java.repair;

import com.github.javaparser.ast.Node;
import java.util.List;

/**
 * Edits that insert whole statements the way the file is written: on their own lines, with the
 * indentation of the statement they go next to, the file's line separator, and nested lines one
 * indentation unit deeper (the unit the surrounding block uses).
 */
final class StatementInsertions {

  private StatementInsertions() {}

  /**
   * Inserts {@code lines} before {@code statement}, which must start its line. Lines are relative:
   * the first takes the statement's indentation, later ones get it prepended.
   */
  static TextEdit before(SourceText text, Node statement, List<String> lines) {
    int start = text.start(statement);
    if (!text.onlyIndentationBefore(start)) {
      throw new IllegalStateException("statement does not start its line");
    }
    String indent = text.indentation(text.lineOf(start));
    StringBuilder inserted = new StringBuilder();
    for (String line : lines) {
      inserted.append(line).append(text.lineSeparator()).append(indent);
    }
    return TextEdit.insert(start, inserted.toString());
  }

  /**
   * Inserts {@code lines} on new lines after {@code statement}, indented like it. A trailing {@code
   * //} comment stays with the statement it annotates.
   */
  static TextEdit after(SourceText text, Node statement, List<String> lines) {
    int end = text.end(statement);
    int lineEnd = text.lineEnd(text.lineOf(end));
    String rest = text.substring(end, lineEnd).trim();
    int at = rest.isEmpty() || rest.startsWith("//") ? lineEnd : end;
    String indent = text.indentation(text.lineOf(text.start(statement)));
    StringBuilder inserted = new StringBuilder();
    for (String line : lines) {
      inserted.append(text.lineSeparator()).append(indent).append(line);
    }
    return TextEdit.insert(at, inserted.toString());
  }

  /**
   * The indentation one level deeper than the line holding {@code node}'s enclosing block: the
   * difference between the node's indentation and its block's, or a tab or four spaces when that
   * cannot be told.
   */
  static String unit(SourceText text, Node node) {
    String indent = text.indentation(text.lineOf(text.start(node)));
    // A block begins on its '{' line; a switch entry on its 'case' line.
    Node container = node.getParentNode().orElse(null);
    if (container != null && container.getBegin().isPresent()) {
      String outer = text.indentation(container.getBegin().get().line);
      if (indent.length() > outer.length() && indent.startsWith(outer)) {
        return indent.substring(outer.length());
      }
    }
    return indent.contains("\t") ? "\t" : "    ";
  }
}
