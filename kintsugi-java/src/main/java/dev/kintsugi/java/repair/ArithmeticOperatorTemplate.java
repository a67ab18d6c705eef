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
import java.util.Set;

/**
 * Changes an arithmetic operator to every other one of {@code + - * / %} (string concatenation is
 * left alone), the matching compound assignments, {@code ++} ↔ {@code --}, {@code x++} ↔ {@code
 * ++x} where the value is used, and drops a unary minus. Ordered by {@link OperatorPriors}.
 */
final class ArithmeticOperatorTemplate implements Template {

  private static final Set<BinaryExpr.Operator> BINARY =
      Set.of(PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER);
  private static final Set<AssignExpr.Operator> COMPOUND =
      Set.of(
          AssignExpr.Operator.PLUS,
          AssignExpr.Operator.MINUS,
          AssignExpr.Operator.MULTIPLY,
          AssignExpr.Operator.DIVIDE,
          AssignExpr.Operator.REMAINDER);
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
            OperatorSwaps.binaries(cu, text, line, BINARY).stream()
                .filter(binary -> !TypeGuess.isConcatenation(binary))
                .toList(),
            binary ->
                OperatorSwaps.replace(
                    text, binary, OperatorPriors.alternatives(binary.getOperator()))));
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.assignments(cu, text, line, COMPOUND).stream()
                .filter(assign -> !TypeGuess.isString(assign.getTarget(), Scope.at(assign)))
                .toList(),
            assign ->
                OperatorSwaps.replace(text, assign, OperatorSwaps.compoundAlternatives(assign))));
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.unaries(cu, text, line, STEP.keySet()),
            unary -> {
              List<Proposal> steps =
                  new ArrayList<>(
                      OperatorSwaps.replace(text, unary, STEP.get(unary.getOperator())));
              steps.addAll(OperatorSwaps.moveStep(text, unary));
              return steps;
            }));
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.unaries(cu, text, line, Set.of(UnaryExpr.Operator.MINUS)),
            minus -> OperatorSwaps.dropPrefix(text, minus)));
    return proposals;
  }
}
