package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Negates a condition of an {@code if}, loop or ternary (a comparison by its inverse operator,
 * anything else with {@code !}), negates one operand of a {@code &&}/{@code ||} condition, and
 * drops a {@code !} anywhere on the line.
 */
final class NegateConditionTemplate implements Template {

  private static final Map<BinaryExpr.Operator, BinaryExpr.Operator> INVERSE =
      Map.of(
          BinaryExpr.Operator.LESS, BinaryExpr.Operator.GREATER_EQUALS,
          BinaryExpr.Operator.GREATER_EQUALS, BinaryExpr.Operator.LESS,
          BinaryExpr.Operator.GREATER, BinaryExpr.Operator.LESS_EQUALS,
          BinaryExpr.Operator.LESS_EQUALS, BinaryExpr.Operator.GREATER,
          BinaryExpr.Operator.EQUALS, BinaryExpr.Operator.NOT_EQUALS,
          BinaryExpr.Operator.NOT_EQUALS, BinaryExpr.Operator.EQUALS);
  private static final Set<BinaryExpr.Operator> LOGICAL =
      Set.of(BinaryExpr.Operator.AND, BinaryExpr.Operator.OR);

  @Override
  public String name() {
    return "negate-condition";
  }

  @Override
  public double prior() {
    return 0.5;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Expression> conditions = new ArrayList<>();
    cu.findAll(Node.class, node -> OnLine.spans(node, line))
        .forEach(
            node ->
                condition(node).filter(c -> OnLine.startsOn(c, line)).ifPresent(conditions::add));
    List<Proposal> proposals =
        new ArrayList<>(Proposals.perNode(conditions, c -> negations(text, c)));
    List<UnaryExpr> nots =
        OperatorSwaps.unaries(cu, text, line, Set.of(UnaryExpr.Operator.LOGICAL_COMPLEMENT));
    proposals.addAll(Proposals.perNode(nots, not -> List.of(dropNot(text, not))));
    return proposals;
  }

  private static Optional<Expression> condition(Node node) {
    if (node instanceof IfStmt ifStmt) {
      return Optional.of(ifStmt.getCondition());
    }
    if (node instanceof WhileStmt whileStmt) {
      return Optional.of(whileStmt.getCondition());
    }
    if (node instanceof DoStmt doStmt) {
      return Optional.of(doStmt.getCondition());
    }
    if (node instanceof ForStmt forStmt) {
      return forStmt.getCompare();
    }
    if (node instanceof ConditionalExpr conditional) {
      return Optional.of(conditional.getCondition());
    }
    return Optional.empty();
  }

  private static List<Proposal> negations(SourceText text, Expression condition) {
    if (condition instanceof UnaryExpr unary
        && unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
      return List.of(); // dropping the '!' is proposed for every '!' on the line
    }
    List<Proposal> proposals = new ArrayList<>();
    proposals.add(Proposals.of(text, condition, negate(text, condition)));
    if (condition instanceof BinaryExpr binary && LOGICAL.contains(binary.getOperator())) {
      for (Expression operand : List.of(binary.getLeft(), binary.getRight())) {
        if (operand instanceof UnaryExpr unary
            && unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
          proposals.add(dropNot(text, unary));
        } else {
          proposals.add(Proposals.of(text, condition, negate(text, operand)));
        }
      }
    }
    return proposals;
  }

  /** Edits that negate {@code expression} in place. */
  private static List<TextEdit> negate(SourceText text, Expression expression) {
    if (expression instanceof BinaryExpr binary && INVERSE.containsKey(binary.getOperator())) {
      BinaryExpr.Operator inverse = INVERSE.get(binary.getOperator());
      List<TextEdit> edits = new ArrayList<>(Precedence.forNewOperator(text, binary, inverse));
      edits.add(OperatorToken.of(text, binary).replaceWith(inverse.asString()));
      return edits;
    }
    if (Precedence.of(expression) >= Precedence.UNARY) {
      return List.of(TextEdit.insert(text.start(expression), "!"));
    }
    return List.of(
        TextEdit.insert(text.start(expression), "!("), TextEdit.insert(text.end(expression), ")"));
  }

  /** Removes a {@code !}, and the parentheses it needed when the context does not need them. */
  private static Proposal dropNot(SourceText text, UnaryExpr not) {
    Expression operand = not.getExpression();
    List<TextEdit> edits = new ArrayList<>();
    if (operand instanceof EnclosedExpr enclosed
        && !Precedence.needsParens(Precedence.of(enclosed.getInner()), not)) {
      edits.add(TextEdit.delete(text.start(not), text.start(enclosed.getInner())));
      edits.add(TextEdit.delete(text.end(enclosed.getInner()), text.end(not)));
    } else {
      edits.add(TextEdit.delete(text.start(not), text.start(operand)));
    }
    return Proposals.of(text, not, edits);
  }
}
