package dev.kintsugi.java.repair;

import static com.github.javaparser.ast.expr.BinaryExpr.Operator.BINARY_AND;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.BINARY_OR;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.LEFT_SHIFT;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.SIGNED_RIGHT_SHIFT;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.UNSIGNED_RIGHT_SHIFT;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.XOR;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Changes a bitwise or shift operator: {@code &} ↔ {@code |} ↔ {@code ^}, {@code <<} ↔ {@code >>} ↔
 * {@code >>>}, and the matching compound assignments, ordered by {@link OperatorPriors}.
 */
final class BitwiseOperatorTemplate implements Template {

  private static final Set<BinaryExpr.Operator> BINARY =
      Set.of(BINARY_AND, BINARY_OR, XOR, LEFT_SHIFT, SIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT);
  private static final Set<AssignExpr.Operator> COMPOUND =
      Set.of(
          AssignExpr.Operator.BINARY_AND,
          AssignExpr.Operator.BINARY_OR,
          AssignExpr.Operator.XOR,
          AssignExpr.Operator.LEFT_SHIFT,
          AssignExpr.Operator.SIGNED_RIGHT_SHIFT,
          AssignExpr.Operator.UNSIGNED_RIGHT_SHIFT);

  @Override
  public String name() {
    return "bitwise-operator";
  }

  @Override
  public double prior() {
    return 0.15;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Proposal> proposals = new ArrayList<>();
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.binaries(cu, text, line, BINARY),
            binary ->
                OperatorSwaps.replace(
                    text, binary, OperatorPriors.alternatives(binary.getOperator()))));
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.assignments(cu, text, line, COMPOUND),
            assign ->
                OperatorSwaps.replace(text, assign, OperatorSwaps.compoundAlternatives(assign))));
    return proposals;
  }
}
