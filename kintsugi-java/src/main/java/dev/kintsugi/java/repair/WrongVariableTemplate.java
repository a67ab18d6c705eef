package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replaces a variable by another visible variable declared with the same type: locals and
 * parameters (nearest first), then fields. Matching is by declared type as written.
 */
final class WrongVariableTemplate implements Template {

  @Override
  public String name() {
    return "wrong-variable";
  }

  @Override
  public double prior() {
    return 0.5;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Expression> uses = new ArrayList<>();
    uses.addAll(OnLine.nodes(cu, NameExpr.class, line));
    uses.addAll(
        OnLine.nodes(cu, FieldAccessExpr.class, line).stream()
            .filter(access -> access.getScope() instanceof ThisExpr)
            .toList());
    return Proposals.perNode(
        Expressions.distinctInSourceOrder(uses), use -> replacements(text, use));
  }

  private static List<Proposal> replacements(SourceText text, Expression use) {
    Scope scope = Scope.at(use);
    Optional<Variable> variable = scope.variableOf(use);
    if (variable.isEmpty() || !variable.get().hasType()) {
      return List.of();
    }
    boolean written = isWritten(use);
    boolean viaThis = use instanceof FieldAccessExpr;
    Node name = viaThis ? ((FieldAccessExpr) use).getName() : use;
    List<Proposal> proposals = new ArrayList<>();
    for (Variable other : scope.sameTypeAs(variable.get())) {
      if ((written && other.isFinal()) || (viaThis && other.kind() != Variable.Kind.FIELD)) {
        continue;
      }
      TextEdit edit = new TextEdit(text.start(name), text.end(name), other.name());
      proposals.add(Proposals.of(text, context(use), edit));
    }
    return proposals;
  }

  private static boolean isWritten(Expression use) {
    Node parent = use.getParentNode().orElse(null);
    return (parent instanceof AssignExpr assign && assign.getTarget() == use)
        || (parent instanceof UnaryExpr unary && Expressions.isStep(unary));
  }

  /** The enclosing expression, so the description shows where the variable was replaced. */
  private static Node context(Expression use) {
    return use.getParentNode().filter(Expression.class::isInstance).orElse(use);
  }
}
