package dev.kintsugi.java.repair;

import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.UnaryExpr;

/**
 * Locates an operator token in the source text, so an operator change replaces only that token. The
 * operator is the first thing between its operands that is neither whitespace nor a comment.
 */
record OperatorToken(int start, int end) {

  static OperatorToken of(SourceText source, BinaryExpr binary) {
    return between(
        source,
        source.end(binary.getLeft()),
        source.start(binary.getRight()),
        binary.getOperator().asString());
  }

  static OperatorToken of(SourceText source, AssignExpr assign) {
    return between(
        source,
        source.end(assign.getTarget()),
        source.start(assign.getValue()),
        assign.getOperator().asString());
  }

  static OperatorToken of(SourceText source, UnaryExpr unary) {
    String symbol = unary.getOperator().asString();
    int at =
        unary.isPrefix()
            ? source.start(unary)
            : source.skipTrivia(source.end(unary.getExpression()), source.end(unary));
    if (!source.text().startsWith(symbol, at)) {
      throw new IllegalStateException("operator " + symbol + " not found");
    }
    return new OperatorToken(at, at + symbol.length());
  }

  private static OperatorToken between(SourceText source, int from, int to, String symbol) {
    int at = source.skipTrivia(from, to);
    if (at >= to || !source.text().startsWith(symbol, at)) {
      throw new IllegalStateException("operator " + symbol + " not found");
    }
    return new OperatorToken(at, at + symbol.length());
  }

  TextEdit replaceWith(String symbol) {
    return new TextEdit(start, end, symbol);
  }

  /** 1-based line of the token. */
  int line(SourceText source) {
    return source.lineOf(start);
  }
}
