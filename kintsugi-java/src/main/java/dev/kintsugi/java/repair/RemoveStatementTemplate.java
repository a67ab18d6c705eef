package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import java.util.List;
import java.util.Optional;

/**
 * Deletes an expression statement (a call, an assignment, an increment). Rarely the fix, so its
 * prior is low; declarations and assignments that initialize a variable are kept, since the code
 * would no longer compile without them.
 */
final class RemoveStatementTemplate implements Template {

  @Override
  public String name() {
    return "remove-statement";
  }

  @Override
  public double prior() {
    return 0.1;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<ExpressionStmt> statements =
        OnLine.nodes(cu, ExpressionStmt.class, line).stream()
            .filter(statement -> !(statement.getExpression() instanceof VariableDeclarationExpr))
            .filter(statement -> !initializes(statement))
            .filter(Expressions::isInStatementList)
            .toList();
    return Proposals.perNode(statements, statement -> List.of(removal(text, statement)));
  }

  /**
   * Whether the statement may be what definitely assigns a variable: an assignment to a final
   * variable, or to a local declared without a value. Removing it would not compile.
   */
  private static boolean initializes(ExpressionStmt statement) {
    if (!(statement.getExpression() instanceof AssignExpr assign)
        || assign.getOperator() != AssignExpr.Operator.ASSIGN) {
      return false;
    }
    Expression target = assign.getTarget();
    Optional<Variable> variable = Scope.at(statement).variableOf(target);
    if (variable.isEmpty()) {
      return target instanceof FieldAccessExpr; // this.x of an unknown field: keep to be safe
    }
    if (variable.get().isFinal()) {
      return true;
    }
    return variable.get().kind() == Variable.Kind.LOCAL
        && declaredWithoutValue(statement, variable.get().name());
  }

  private static boolean declaredWithoutValue(ExpressionStmt statement, String name) {
    return Expressions.ancestor(statement, CallableDeclaration.class)
        .map(
            callable ->
                !callable
                    .findAll(
                        VariableDeclarator.class,
                        declarator ->
                            declarator.getNameAsString().equals(name)
                                && declarator.getInitializer().isEmpty())
                    .isEmpty())
        .orElse(false);
  }

  /** Deletes the statement's whole lines when it stands alone on them, else just its text. */
  private static Proposal removal(SourceText text, ExpressionStmt statement) {
    int start = text.start(statement);
    int end = text.end(statement);
    TextEdit edit;
    if (text.onlyIndentationBefore(start) && text.onlyWhitespaceAfter(end)) {
      edit =
          TextEdit.delete(
              text.lineStart(text.lineOf(start)), text.lineEndWithSeparator(text.lineOf(end)));
    } else {
      int after = end;
      while (after < text.text().length() && text.text().charAt(after) == ' ') {
        after++;
      }
      edit = TextEdit.delete(start, text.onlyWhitespaceAfter(end) ? end : after);
    }
    return new Proposal("remove " + Proposals.snippet(text.text(statement)), List.of(edit));
  }
}
