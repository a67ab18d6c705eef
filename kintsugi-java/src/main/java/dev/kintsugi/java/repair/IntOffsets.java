package dev.kintsugi.java.repair;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Edits that add or subtract one from an int expression: a literal gets its new value, {@code x +
 * 1} loses its {@code + 1}, anything else gets {@code - 1} or {@code + 1} appended, with
 * parentheses only where precedence needs them.
 */
final class IntOffsets {

  private IntOffsets() {}

  /** {@code expression - 1} then {@code expression + 1}. */
  static List<Proposal> both(SourceText source, Expression expression) {
    List<Proposal> proposals = new ArrayList<>();
    shift(source, expression, -1).ifPresent(proposals::add);
    shift(source, expression, +1).ifPresent(proposals::add);
    return proposals;
  }

  static Optional<Proposal> shift(SourceText source, Expression expression, int delta) {
    Node context = describedBy(expression);
    Optional<Long> literal = decimalValue(expression);
    if (literal.isPresent()) {
      long value = literal.get() + delta;
      if (value < 0 && expression.getParentNode().orElse(null) instanceof BinaryExpr) {
        return Optional.empty(); // 'x - -1' reads like a typo, not a fix
      }
      if (value > Integer.MAX_VALUE) {
        return Optional.empty();
      }
      TextEdit edit =
          new TextEdit(source.start(expression), source.end(expression), Long.toString(value));
      return Optional.of(Proposals.of(source, context, edit));
    }
    if (expression instanceof BinaryExpr binary && cancelsOut(binary, delta)) {
      // 'x + 1' shifted by -1 is 'x': drop the operator and the literal
      TextEdit edit = TextEdit.delete(source.end(binary.getLeft()), source.end(binary));
      return Optional.of(Proposals.of(source, context, edit));
    }
    List<TextEdit> edits = new ArrayList<>();
    boolean wrapWhole = Precedence.needsParens(Precedence.ADDITIVE, expression);
    boolean wrapOperand = Precedence.of(expression) < Precedence.ADDITIVE;
    int start = source.start(expression);
    int end = source.end(expression);
    String open = (wrapWhole ? "(" : "") + (wrapOperand ? "(" : "");
    if (!open.isEmpty()) {
      edits.add(TextEdit.insert(start, open));
    }
    String suffix = (wrapOperand ? ")" : "") + (delta < 0 ? " - " : " + ") + Math.abs(delta);
    edits.add(TextEdit.insert(end, suffix + (wrapWhole ? ")" : "")));
    return Optional.of(Proposals.of(source, context, edits));
  }

  /** The value of a plain decimal int literal ({@code 0}, {@code 42}); empty for hex, octal... */
  static Optional<Long> decimalValue(Expression expression) {
    if (expression instanceof IntegerLiteralExpr literal) {
      String value = literal.getValue().replace("_", "");
      if (value.matches("0|[1-9][0-9]*")) {
        return Optional.of(Long.parseLong(value));
      }
    }
    return Optional.empty();
  }

  private static boolean cancelsOut(BinaryExpr binary, int delta) {
    Optional<Long> right = decimalValue(binary.getRight());
    if (right.isEmpty() || right.get() != Math.abs(delta)) {
      return false;
    }
    return (binary.getOperator() == BinaryExpr.Operator.PLUS && delta < 0)
        || (binary.getOperator() == BinaryExpr.Operator.MINUS && delta > 0);
  }

  /** The expression shown in the description: the shifted one within its parent expression. */
  private static Node describedBy(Expression expression) {
    return expression.getParentNode().filter(Expression.class::isInstance).orElse(expression);
  }
}
