package dev.kintsugi.java.repair;

import static com.github.javaparser.ast.expr.BinaryExpr.Operator.AND;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.GREATER;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.GREATER_EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.LESS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.LESS_EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.NOT_EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.OR;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.IfStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Changes a comparison operator to every other one ({@code < <= > >= == !=}), ordered by {@link
 * OperatorPriors}: boundary ({@code <} ↔ {@code <=}) and equality flips first, then direction, then
 * the far ones. A comparison that is (part of) an {@code if} or ternary condition may also become
 * {@code true} or {@code false}. The most common single-token bug in real code.
 */
final class RelationalOperatorTemplate implements Template {

  private static final Set<BinaryExpr.Operator> COMPARISONS =
      Set.of(LESS, LESS_EQUALS, GREATER, GREATER_EQUALS, EQUALS, NOT_EQUALS);

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
    List<BinaryExpr> comparisons = OperatorSwaps.binaries(cu, text, line, COMPARISONS);
    return Proposals.perNode(comparisons, binary -> proposals(text, binary));
  }

  private static List<Proposal> proposals(SourceText text, BinaryExpr binary) {
    List<Proposal> proposals =
        new ArrayList<>(OperatorSwaps.replace(text, binary, alternatives(binary)));
    if (inCondition(binary)) {
      // Loop conditions are left out: a constant there mostly makes a test hang until its timeout.
      for (String constant : List.of("true", "false")) {
        proposals.add(
            Proposals.of(text, binary, new TextEdit(text.start(binary), text.end(binary), constant))
                .weighted(OperatorPriors.CONSTANT_CONDITION));
      }
    }
    return proposals;
  }

  private static List<BinaryExpr.Operator> alternatives(BinaryExpr binary) {
    List<BinaryExpr.Operator> all = OperatorPriors.alternatives(binary.getOperator());
    boolean equality = binary.getOperator() == EQUALS || binary.getOperator() == NOT_EQUALS;
    if (equality && !(isNumeric(binary.getLeft()) || isNumeric(binary.getRight()))) {
      // Ordering comparisons only compile on numbers: offer just the flip for anything else.
      return List.of(binary.getOperator() == EQUALS ? NOT_EQUALS : EQUALS);
    }
    return all;
  }

  /** Whether the comparison is an {@code if}/ternary condition or a clause of one. */
  private static boolean inCondition(BinaryExpr binary) {
    Node node = binary;
    while (true) {
      Node child = node;
      Node parent = child.getParentNode().orElse(null);
      if (parent instanceof EnclosedExpr
          || parent instanceof BinaryExpr logical
              && (logical.getOperator() == AND || logical.getOperator() == OR)) {
        node = parent;
        continue;
      }
      if (parent instanceof IfStmt ifStmt) {
        return ifStmt.getCondition() == child;
      }
      if (parent instanceof ConditionalExpr conditional) {
        return conditional.getCondition() == child;
      }
      return false;
    }
  }

  private static boolean isNumeric(Expression expression) {
    return TypeGuess.of(expression, Scope.at(expression))
        .map(TypeGuess::unboxed)
        .map(type -> TypeGuess.isPrimitive(type) && !type.equals("boolean"))
        .orElse(false);
  }
}
