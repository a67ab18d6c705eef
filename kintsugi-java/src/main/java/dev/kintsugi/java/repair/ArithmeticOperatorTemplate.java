package dev.kintsugi.java.repair;

import static com.github.javaparser.ast.expr.BinaryExpr.Operator.DIVIDE;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.MINUS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.MULTIPLY;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.PLUS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.REMAINDER;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Changes an arithmetic operator: {@code +} ↔ {@code -}, {@code *} ↔ {@code /}, {@code /} ↔ {@code
 * %}, the matching compound assignments, and {@code ++} ↔ {@code --}. String concatenation is left
 * alone.
 */
final class ArithmeticOperatorTemplate implements Template {

  private static final Map<BinaryExpr.Operator, List<BinaryExpr.Operator>> BINARY =
      Map.of(
          PLUS, List.of(MINUS, MULTIPLY),
          MINUS, List.of(PLUS, DIVIDE),
          MULTIPLY, List.of(DIVIDE, PLUS),
          DIVIDE, List.of(MULTIPLY, REMAINDER, MINUS),
          REMAINDER, List.of(DIVIDE));
  private static final Map<AssignExpr.Operator, List<AssignExpr.Operator>> COMPOUND =
      Map.of(
          AssignExpr.Operator.PLUS,
          List.of(AssignExpr.Operator.MINUS, AssignExpr.Operator.MULTIPLY),
          AssignExpr.Operator.MINUS,
          List.of(AssignExpr.Operator.PLUS, AssignExpr.Operator.DIVIDE),
          AssignExpr.Operator.MULTIPLY,
          List.of(AssignExpr.Operator.DIVIDE, AssignExpr.Operator.PLUS),
          AssignExpr.Operator.DIVIDE,
          List.of(AssignExpr.Operator.MULTIPLY, AssignExpr.Operator.MINUS),
          AssignExpr.Operator.REMAINDER,
          List.of(AssignExpr.Operator.DIVIDE));
  private static final Map<UnaryExpr.Operator, UnaryExpr.Operator> STEP =
      Map.of(
          UnaryExpr.Operator.PREFIX_INCREMENT, UnaryExpr.Operator.PREFIX_DECREMENT,
          UnaryExpr.Operator.PREFIX_DECREMENT, UnaryExpr.Operator.PREFIX_INCREMENT,
          UnaryExpr.Operator.POSTFIX_INCREMENT, UnaryExpr.Operator.POSTFIX_DECREMENT,
          UnaryExpr.Operator.POSTFIX_DECREMENT, UnaryExpr.Operator.POSTFIX_INCREMENT);

  @Override
  public String name() {
    return "arithmetic-operator";
  }

  @Override
  public double prior() {
    return 0.4;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Proposal> proposals = new ArrayList<>();
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.binaries(cu, text, line, BINARY.keySet()).stream()
                .filter(binary -> !TypeGuess.isConcatenation(binary))
                .toList(),
            binary -> OperatorSwaps.replace(text, binary, BINARY.get(binary.getOperator()))));
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.assignments(cu, text, line, COMPOUND.keySet()).stream()
                .filter(assign -> !TypeGuess.isString(assign.getTarget(), Scope.at(assign)))
                .toList(),
            assign -> OperatorSwaps.replace(text, assign, COMPOUND.get(assign.getOperator()))));
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.unaries(cu, text, line, STEP.keySet()),
            unary -> OperatorSwaps.replace(text, unary, STEP.get(unary.getOperator()))));
    return proposals;
  }
}
