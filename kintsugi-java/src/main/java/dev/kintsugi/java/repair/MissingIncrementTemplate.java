package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Adds the forgotten step of a {@code while} loop: when the condition compares an integer variable
 * that the body never changes, appends {@code i++;} (or {@code i--;} for a downward comparison) at
 * the end of the body.
 */
final class MissingIncrementTemplate implements Template {

  private static final Set<BinaryExpr.Operator> UPWARD =
      Set.of(
          BinaryExpr.Operator.LESS,
          BinaryExpr.Operator.LESS_EQUALS,
          BinaryExpr.Operator.NOT_EQUALS);
  private static final Set<BinaryExpr.Operator> DOWNWARD =
      Set.of(BinaryExpr.Operator.GREATER, BinaryExpr.Operator.GREATER_EQUALS);

  @Override
  public String name() {
    return "missing-increment";
  }

  @Override
  public double prior() {
    return 0.2;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    // The innermost while loop around the line: the one whose step is most likely meant.
    List<WhileStmt> loops =
        cu.findAll(WhileStmt.class, loop -> OnLine.spans(loop, line)).stream()
            .max(Comparator.comparing(loop -> loop.getBegin().orElseThrow()))
            .stream()
            .toList();
    return Proposals.perNode(loops, loop -> steps(text, loop));
  }

  private static List<Proposal> steps(SourceText text, WhileStmt loop) {
    if (!(loop.getBody() instanceof BlockStmt body) || body.getStatements().isEmpty()) {
      return List.of();
    }
    Statement last = body.getStatements().get(body.getStatements().size() - 1);
    Scope scope = Scope.at(loop.getCondition());
    List<Proposal> proposals = new ArrayList<>();
    for (BinaryExpr comparison : loop.getCondition().findAll(BinaryExpr.class)) {
      boolean upward = UPWARD.contains(comparison.getOperator());
      if (!upward && !DOWNWARD.contains(comparison.getOperator())) {
        continue;
      }
      for (Expression operand : List.of(comparison.getLeft(), comparison.getRight())) {
        if (!(operand instanceof NameExpr name)
            || !TypeGuess.isIntegral(operand, scope)
            || isModified(loop, name.getNameAsString())) {
          continue;
        }
        // 'i < n' counts i up; 'n > i' too, since i is then the right operand.
        boolean increment = upward == (operand == comparison.getLeft());
        for (String step : increment ? List.of("++", "--") : List.of("--", "++")) {
          String statement = name.getNameAsString() + step + ";";
          TextEdit edit = StatementInsertions.after(text, last, List.of(statement));
          proposals.add(
              new Proposal(
                  Proposals.snippet(
                      "add " + statement + " to while (" + text.text(loop.getCondition()) + ")"),
                  List.of(edit)));
        }
      }
    }
    return proposals;
  }

  /** Whether the loop (condition or body) assigns, increments or decrements the variable. */
  private static boolean isModified(WhileStmt loop, String name) {
    boolean assigned =
        loop.findAll(AssignExpr.class).stream()
            .anyMatch(assign -> isName(assign.getTarget(), name));
    boolean stepped =
        loop.findAll(UnaryExpr.class).stream()
            .anyMatch(unary -> Expressions.isStep(unary) && isName(unary.getExpression(), name));
    return assigned || stepped;
  }

  private static boolean isName(Expression expression, String name) {
    return expression instanceof NameExpr named && named.getNameAsString().equals(name);
  }
}
