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
import java.util.Map;

/**
 * Changes a bitwise or shift operator: {@code &} ↔ {@code |} ↔ {@code ^}, {@code <<} ↔ {@code >>} ↔
 * {@code >>>}, and the matching compound assignments.
 */
final class BitwiseOperatorTemplate implements Template {

  private static final Map<BinaryExpr.Operator, List<BinaryExpr.Operator>> BINARY =
      Map.of(
          BINARY_AND, List.of(BINARY_OR, XOR),
          BINARY_OR, List.of(BINARY_AND, XOR),
          XOR, List.of(BINARY_AND, BINARY_OR),
          LEFT_SHIFT, List.of(SIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT),
          SIGNED_RIGHT_SHIFT, List.of(UNSIGNED_RIGHT_SHIFT, LEFT_SHIFT),
          UNSIGNED_RIGHT_SHIFT, List.of(SIGNED_RIGHT_SHIFT, LEFT_SHIFT));
  private static final Map<AssignExpr.Operator, List<AssignExpr.Operator>> COMPOUND =
      Map.of(
          AssignExpr.Operator.BINARY_AND,
          List.of(AssignExpr.Operator.BINARY_OR, AssignExpr.Operator.XOR),
          AssignExpr.Operator.BINARY_OR,
          List.of(AssignExpr.Operator.BINARY_AND, AssignExpr.Operator.XOR),
          AssignExpr.Operator.XOR,
          List.of(AssignExpr.Operator.BINARY_AND, AssignExpr.Operator.BINARY_OR),
          AssignExpr.Operator.LEFT_SHIFT,
          List.of(AssignExpr.Operator.SIGNED_RIGHT_SHIFT),
          AssignExpr.Operator.SIGNED_RIGHT_SHIFT,
          List.of(AssignExpr.Operator.UNSIGNED_RIGHT_SHIFT, AssignExpr.Operator.LEFT_SHIFT),
          AssignExpr.Operator.UNSIGNED_RIGHT_SHIFT,
          List.of(AssignExpr.Operator.SIGNED_RIGHT_SHIFT));

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
            OperatorSwaps.binaries(cu, text, line, BINARY.keySet()),
            binary -> OperatorSwaps.replace(text, binary, BINARY.get(binary.getOperator()))));
    proposals.addAll(
        Proposals.perNode(
            OperatorSwaps.assignments(cu, text, line, COMPOUND.keySet()),
            assign -> OperatorSwaps.replace(text, assign, COMPOUND.get(assign.getOperator()))));
    return proposals;
  }
}
