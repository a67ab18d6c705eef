package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computed integer values: initializers of integer variables, values assigned to them, and values
 * returned by methods declared to return an integer. Where a wrong bound or a missing clamp is
 * usually written.
 */
final class IntegralValues {

  private IntegralValues() {}

  /** Such values beginning on {@code line}, in source order. */
  static List<Expression> onLine(CompilationUnit cu, int line) {
    List<Expression> values = new ArrayList<>();
    for (VariableDeclarator variable :
        cu.findAll(VariableDeclarator.class, v -> OnLine.spans(v, line))) {
      if (TypeGuess.isIntegral(variable.getType().asString())) {
        variable.getInitializer().ifPresent(values::add);
      }
    }
    for (AssignExpr assign : cu.findAll(AssignExpr.class, a -> OnLine.spans(a, line))) {
      if (assign.getOperator() == AssignExpr.Operator.ASSIGN
          && TypeGuess.isIntegral(assign.getTarget(), Scope.at(assign))) {
        values.add(assign.getValue());
      }
    }
    for (ReturnStmt statement : OnLine.nodes(cu, ReturnStmt.class, line)) {
      Optional<Expression> value = statement.getExpression();
      if (value.isPresent() && returnsIntegral(statement)) {
        values.add(value.get());
      }
    }
    values.removeIf(value -> !OnLine.startsOn(value, line));
    return Expressions.distinctInSourceOrder(values);
  }

  /** Whether the return belongs to a method (not a lambda) declared to return an integer. */
  private static boolean returnsIntegral(ReturnStmt statement) {
    for (Node node = statement.getParentNode().orElse(null);
        node != null;
        node = node.getParentNode().orElse(null)) {
      if (node instanceof LambdaExpr) {
        return false;
      }
      if (node instanceof MethodDeclaration method) {
        return TypeGuess.isIntegral(method.getType().asString());
      }
    }
    return false;
  }
}
