package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import java.util.List;

/** Finds the AST nodes a template may touch on a line. */
final class OnLine {

  private OnLine() {}

  /** Nodes of {@code type} that begin on {@code line}, in source order. */
  static <T extends Node> List<T> nodes(CompilationUnit cu, Class<T> type, int line) {
    return cu.findAll(type, node -> startsOn(node, line));
  }

  static boolean startsOn(Node node, int line) {
    return node.getBegin().map(begin -> begin.line == line).orElse(false);
  }

  /** Whether the node's range covers {@code line}. */
  static boolean spans(Node node, int line) {
    return node.getRange().map(r -> r.begin.line <= line && line <= r.end.line).orElse(false);
  }
}
