package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ForStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adds or subtracts one: operands of comparisons, indexes and index arguments ({@code substring},
 * {@code subList}, {@code charAt}...), array dimensions, a {@code for} loop's start value, and
 * integer values being assigned or returned ({@code int keep = max - 3 + 1} → {@code max - 3}).
 */
final class OffByOneTemplate implements Template {

  private static final Set<BinaryExpr.Operator> ORDERING =
      Set.of(
          BinaryExpr.Operator.LESS,
          BinaryExpr.Operator.LESS_EQUALS,
          BinaryExpr.Operator.GREATER,
          BinaryExpr.Operator.GREATER_EQUALS);
  private static final Set<BinaryExpr.Operator> EQUALITY =
      Set.of(BinaryExpr.Operator.EQUALS, BinaryExpr.Operator.NOT_EQUALS);

  @Override
  public String name() {
    return "off-by-one";
  }

  @Override
  public double prior() {
    return 0.6;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Expression> targets = new ArrayList<>();
    for (BinaryExpr comparison :
        cu.findAll(BinaryExpr.class, binary -> OnLine.spans(binary, line))) {
      targets.addAll(comparedNumbers(comparison));
    }
    IndexPositions.onLine(cu, line).forEach(position -> targets.add(position.expression()));
    for (ForStmt loop : OnLine.nodes(cu, ForStmt.class, line)) {
      targets.addAll(startValues(loop));
    }
    targets.addAll(IntegralValues.onLine(cu, line));
    targets.removeIf(target -> !OnLine.startsOn(target, line));
    return Proposals.perNode(
        Expressions.distinctInSourceOrder(targets), target -> IntOffsets.both(text, target));
  }

  /** Operands of an ordering comparison, or of an equality between known integers. */
  private static List<Expression> comparedNumbers(BinaryExpr comparison) {
    Scope scope = Scope.at(comparison);
    List<Expression> operands = new ArrayList<>();
    for (Expression operand : List.of(comparison.getLeft(), comparison.getRight())) {
      boolean integral = TypeGuess.isIntegral(operand, scope);
      boolean unknown = TypeGuess.of(operand, scope).isEmpty();
      if (ORDERING.contains(comparison.getOperator()) && (integral || unknown)) {
        operands.add(operand);
      } else if (EQUALITY.contains(comparison.getOperator()) && integral) {
        operands.add(operand);
      }
    }
    return operands;
  }

  private static List<Expression> startValues(ForStmt loop) {
    List<Expression> values = new ArrayList<>();
    for (Expression init : loop.getInitialization()) {
      if (init instanceof VariableDeclarationExpr declaration) {
        for (VariableDeclarator variable : declaration.getVariables()) {
          if (TypeGuess.isIntegral(variable.getType().asString())) {
            variable.getInitializer().ifPresent(values::add);
          }
        }
      } else if (init instanceof AssignExpr assign) {
        values.add(assign.getValue());
      }
    }
    return values;
  }
}
