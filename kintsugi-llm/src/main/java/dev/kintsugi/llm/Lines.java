package dev.kintsugi.llm;

import com.github.javaparser.Position;
import com.github.javaparser.Range;
import java.util.List;

/** A text as lines (without line terminators), remembering its line separator. */
record Lines(List<String> lines, String separator) {
  static Lines of(String text) {
    String sep = text.contains("\r\n") ? "\r\n" : "\n";
    String normal = text.replace("\r\n", "\n");
    return new Lines(List.of(normal.split("\n", -1)), sep);
  }

  String join(List<String> out) {
    return String.join(separator, out);
  }

  /** Character offset of a 1-based JavaParser position in the '\n'-joined text. */
  int offset(Position p) {
    int offset = 0;
    for (int i = 0; i < p.line - 1; i++) {
      offset += lines.get(i).length() + 1;
    }
    return offset + p.column - 1;
  }

  String slice(Range r) {
    String joined = String.join("\n", lines);
    return joined.substring(offset(r.begin), offset(r.end) + 1);
  }
}
