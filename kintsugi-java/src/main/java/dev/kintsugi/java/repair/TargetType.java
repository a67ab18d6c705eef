package dev.kintsugi.java.repair;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import java.util.Optional;
import java.util.Set;

/**
 * The declared type an arithmetic expression's value ends up in: the variable it initializes or is
 * assigned to, or the return type of the method it is returned from. Parentheses and enclosing
 * arithmetic are looked through ({@code double r = (a / b) * 100}), nothing else.
 */
final class TargetType {

  private static final Set<BinaryExpr.Operator> ARITHMETIC =
      Set.of(
          BinaryExpr.Operator.PLUS,
          BinaryExpr.Operator.MINUS,
          BinaryExpr.Operator.MULTIPLY,
          BinaryExpr.Operator.DIVIDE,
          BinaryExpr.Operator.REMAINDER);

  private TargetType() {}

  /** The type as written, unboxed ({@code Double} → {@code double}); empty when unknown. */
  static Optional<String> of(Expression expression) {
    Node value = expression;
    Node parent = value.getParentNode().orElse(null);
    while (parent instanceof EnclosedExpr
        || parent instanceof BinaryExpr binary && ARITHMETIC.contains(binary.getOperator())) {
      value = parent;
      parent = value.getParentNode().orElse(null);
    }
    Optional<String> type = Optional.empty();
    if (parent instanceof VariableDeclarator declarator
        && declarator.getInitializer().orElse(null) == value) {
      type = Optional.of(declarator.getType().asString());
    } else if (parent instanceof AssignExpr assign
        && assign.getOperator() == AssignExpr.Operator.ASSIGN
        && assign.getValue() == value) {
      type = TypeGuess.of(assign.getTarget(), Scope.at(assign));
    } else if (parent instanceof ReturnStmt) {
      type = returnType(parent);
    }
    return type.map(TypeGuess::unboxed);
  }

  /** The return type of the method a {@code return} leaves; empty inside a lambda. */
  private static Optional<String> returnType(Node returnStmt) {
    for (Node node = returnStmt.getParentNode().orElse(null);
        node != null;
        node = node.getParentNode().orElse(null)) {
      if (node instanceof LambdaExpr) {
        return Optional.empty();
      }
      if (node instanceof MethodDeclaration method) {
        return Optional.of(method.getType().asString());
      }
    }
    return Optional.empty();
  }
}
