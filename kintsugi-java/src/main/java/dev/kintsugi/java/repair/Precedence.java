package dev.kintsugi.java.repair;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Java operator precedence, to add the parentheses an edit needs and no more. Levels grow with
 * binding strength: 1 assignment and lambda, 2 conditional, 3 {@code ||} up to 12 {@code * / %}, 13
 * prefix unary and cast, 14 postfix and primary expressions.
 */
final class Precedence {

  static final int ANY = 1;
  static final int CONDITIONAL = 2;
  static final int EQUALITY = 8;
  static final int ADDITIVE = 11;
  static final int UNARY = 13;
  static final int PRIMARY = 14;

  private static final Set<BinaryExpr.Operator> ASSOCIATIVE =
      Set.of(
          BinaryExpr.Operator.AND,
          BinaryExpr.Operator.OR,
          BinaryExpr.Operator.BINARY_AND,
          BinaryExpr.Operator.BINARY_OR,
          BinaryExpr.Operator.XOR);

  private Precedence() {}

  static int of(BinaryExpr.Operator operator) {
    return switch (operator) {
      case OR -> 3;
      case AND -> 4;
      case BINARY_OR -> 5;
      case XOR -> 6;
      case BINARY_AND -> 7;
      case EQUALS, NOT_EQUALS -> EQUALITY;
      case LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> 9;
      case LEFT_SHIFT, SIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> 10;
      case PLUS, MINUS -> ADDITIVE;
      case MULTIPLY, DIVIDE, REMAINDER -> 12;
    };
  }

  /** How strongly the expression binds as written. */
  static int of(Expression expression) {
    if (expression instanceof AssignExpr
        || expression instanceof LambdaExpr
        || expression instanceof SwitchExpr) {
      return ANY;
    }
    if (expression instanceof ConditionalExpr) {
      return CONDITIONAL;
    }
    if (expression instanceof BinaryExpr binary) {
      return of(binary.getOperator());
    }
    if (expression instanceof InstanceOfExpr) {
      return 9;
    }
    if (expression instanceof CastExpr
        || (expression instanceof UnaryExpr unary && unary.isPrefix())) {
      return UNARY;
    }
    return PRIMARY;
  }

  /** The weakest level an expression may have to stand where {@code position} stands unwrapped. */
  static int required(Expression position) {
    Optional<Node> parentNode = position.getParentNode();
    if (parentNode.isEmpty() || !(parentNode.get() instanceof Expression)) {
      return ANY;
    }
    Node parent = parentNode.get();
    if (parent instanceof EnclosedExpr
        || parent instanceof ArrayInitializerExpr
        || parent instanceof LambdaExpr
        || parent instanceof ArrayCreationExpr) {
      return ANY;
    }
    if (parent instanceof MethodCallExpr call) {
      return Expressions.indexOf(call.getArguments(), position) >= 0 ? ANY : PRIMARY;
    }
    if (parent instanceof ObjectCreationExpr creation) {
      return Expressions.indexOf(creation.getArguments(), position) >= 0 ? ANY : PRIMARY;
    }
    if (parent instanceof ArrayAccessExpr access) {
      return access.getIndex() == position ? ANY : PRIMARY;
    }
    if (parent instanceof AssignExpr assign) {
      return assign.getValue() == position ? ANY : PRIMARY;
    }
    if (parent instanceof ConditionalExpr conditional) {
      return conditional.getCondition() == position ? 3 : CONDITIONAL;
    }
    if (parent instanceof BinaryExpr binary) {
      int level = of(binary.getOperator());
      return binary.getLeft() == position ? level : level + 1;
    }
    if (parent instanceof InstanceOfExpr) {
      return 10;
    }
    if (parent instanceof UnaryExpr unary) {
      return unary.isPrefix() ? UNARY : PRIMARY;
    }
    if (parent instanceof CastExpr) {
      return UNARY;
    }
    return PRIMARY;
  }

  /** Whether an expression of {@code level} must be parenthesized to replace {@code position}. */
  static boolean needsParens(int level, Expression position) {
    return level < required(position);
  }

  /** Edits that wrap {@code expression} in parentheses. */
  static List<TextEdit> wrap(SourceText source, Expression expression) {
    return List.of(
        TextEdit.insert(source.start(expression), "("),
        TextEdit.insert(source.end(expression), ")"));
  }

  /**
   * The parentheses needed when {@code binary}'s operator becomes {@code replacement}: around the
   * expression itself if its parent now binds more strongly, and around an operand that now binds
   * more weakly. Chains of one associative operator ({@code a && b && c}) need none.
   */
  static List<TextEdit> forNewOperator(
      SourceText source, BinaryExpr binary, BinaryExpr.Operator replacement) {
    int level = of(replacement);
    List<TextEdit> edits = new ArrayList<>();
    boolean sameChainAsParent =
        binary.getParentNode().orElse(null) instanceof BinaryExpr parent
            && parent.getOperator() == replacement
            && ASSOCIATIVE.contains(replacement);
    if (!sameChainAsParent && needsParens(level, binary)) {
      edits.add(TextEdit.insert(source.start(binary), "("));
    }
    Expression left = binary.getLeft();
    if (of(left) < level) {
      edits.addAll(wrap(source, left));
    }
    Expression right = binary.getRight();
    boolean sameChainAsRight =
        right instanceof BinaryExpr child
            && child.getOperator() == replacement
            && ASSOCIATIVE.contains(replacement);
    if (!sameChainAsRight && of(right) <= level) {
      edits.addAll(wrap(source, right));
    }
    if (!sameChainAsParent && needsParens(level, binary)) {
      edits.add(TextEdit.insert(source.end(binary), ")"));
    }
    return edits;
  }
}
