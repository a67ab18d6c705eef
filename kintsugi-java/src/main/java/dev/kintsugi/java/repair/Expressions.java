package dev.kintsugi.java.repair;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small helpers over expressions and lists of AST nodes. */
final class Expressions {

  private static final Set<UnaryExpr.Operator> STEPS =
      Set.of(
          UnaryExpr.Operator.PREFIX_INCREMENT,
          UnaryExpr.Operator.PREFIX_DECREMENT,
          UnaryExpr.Operator.POSTFIX_INCREMENT,
          UnaryExpr.Operator.POSTFIX_DECREMENT);

  private Expressions() {}

  /** Whether the unary expression writes its operand: {@code ++} or {@code --}. */
  static boolean isStep(UnaryExpr unary) {
    return STEPS.contains(unary.getOperator());
  }

  /**
   * Whether the statement sits in a list of statements (a block or a classic {@code case x:}
   * group), where statements can be inserted next to it or removed. An arrow case or a lambda holds
   * a single statement that cannot.
   */
  static boolean isInStatementList(Statement statement) {
    Node parent = statement.getParentNode().orElse(null);
    return parent instanceof BlockStmt
        || (parent instanceof SwitchEntry entry
            && entry.getType() == SwitchEntry.Type.STATEMENT_GROUP);
  }

  /** The nearest proper ancestor of {@code node} of {@code type}. */
  static <T> Optional<T> ancestor(Node node, Class<T> type) {
    for (Node parent = node.getParentNode().orElse(null);
        parent != null;
        parent = parent.getParentNode().orElse(null)) {
      if (type.isInstance(parent)) {
        return Optional.of(type.cast(parent));
      }
    }
    return Optional.empty();
  }

  /** The type declaration (class, enum, record...) enclosing {@code node}. */
  static Optional<TypeDeclaration<?>> enclosingType(Node node) {
    for (Node parent = node.getParentNode().orElse(null);
        parent != null;
        parent = parent.getParentNode().orElse(null)) {
      if (parent instanceof TypeDeclaration<?> type) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** Position of {@code node} in {@code nodes} by identity (nodes compare structurally), or -1. */
  static int indexOf(List<? extends Node> nodes, Node node) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) == node) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The nodes in source order without repeats. Identity, not {@code equals}: JavaParser nodes
   * compare structurally, so two occurrences of {@code i} are equal.
   */
  static <T extends Node> List<T> distinctInSourceOrder(List<T> nodes) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<T> distinct = new ArrayList<>();
    for (T node : nodes) {
      if (node.getBegin().isPresent() && seen.add(node)) {
        distinct.add(node);
      }
    }
    distinct.sort(Comparator.comparing(node -> node.getBegin().orElseThrow()));
    return distinct;
  }
}
