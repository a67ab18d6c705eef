package dev.kintsugi.java.repair;

import static com.github.javaparser.ast.expr.BinaryExpr.Operator.EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.GREATER;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.GREATER_EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.LESS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.LESS_EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.NOT_EQUALS;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import java.util.List;
import java.util.Map;

/**
 * Changes a comparison operator: boundary ({@code <} ↔ {@code <=}), direction ({@code <} ↔ {@code
 * >}) and equality ({@code ==} ↔ {@code !=}). The most common single-token bug in real code.
 */
final class RelationalOperatorTemplate implements Template {

  /** Alternatives per operator, most plausible first. */
  private static final Map<BinaryExpr.Operator, List<BinaryExpr.Operator>> ALTERNATIVES =
      Map.of(
          LESS, List.of(LESS_EQUALS, GREATER, NOT_EQUALS),
          LESS_EQUALS, List.of(LESS, GREATER_EQUALS, EQUALS),
          GREATER, List.of(GREATER_EQUALS, LESS, NOT_EQUALS),
          GREATER_EQUALS, List.of(GREATER, LESS_EQUALS, EQUALS),
          EQUALS, List.of(NOT_EQUALS, LESS_EQUALS, GREATER_EQUALS),
          NOT_EQUALS, List.of(EQUALS, LESS, GREATER));

  @Override
  public String name() {
    return "relational-operator";
  }

  @Override
  public double prior() {
    return 0.8;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<BinaryExpr> comparisons = OperatorSwaps.binaries(cu, text, line, ALTERNATIVES.keySet());
    return Proposals.perNode(
        comparisons, binary -> OperatorSwaps.replace(text, binary, alternatives(binary)));
  }

  private static List<BinaryExpr.Operator> alternatives(BinaryExpr binary) {
    List<BinaryExpr.Operator> all = ALTERNATIVES.get(binary.getOperator());
    boolean equality = binary.getOperator() == EQUALS || binary.getOperator() == NOT_EQUALS;
    if (equality && !(isNumeric(binary.getLeft()) || isNumeric(binary.getRight()))) {
      // Ordering comparisons only compile on numbers: offer just the flip for anything else.
      return all.subList(0, 1);
    }
    return all;
  }

  private static boolean isNumeric(Expression expression) {
    return TypeGuess.of(expression, Scope.at(expression))
        .map(TypeGuess::unboxed)
        .map(type -> TypeGuess.isPrimitive(type) && !type.equals("boolean"))
        .orElse(false);
  }
}
