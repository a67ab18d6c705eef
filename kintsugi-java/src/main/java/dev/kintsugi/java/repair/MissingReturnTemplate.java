package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds a forgotten {@code return} in a method that returns a value, where a nested block computes
 * or finds the value and then falls through: {@code compute(x);} → {@code return compute(x);}, or a
 * new {@code return v;} after the block's last statement, for {@code v} assigned there or tested by
 * the enclosing {@code if}.
 */
final class MissingReturnTemplate implements Template {

  /** JDK methods called for their effect; their result is rarely what a method returns. */
  private static final Set<String> SIDE_EFFECTS =
      Set.of(
          "add",
          "addAll",
          "put",
          "putAll",
          "remove",
          "removeAll",
          "removeIf",
          "retainAll",
          "clear",
          "offer",
          "poll",
          "pollFirst",
          "pollLast",
          "push",
          "pop",
          "set",
          "forEach",
          "accept",
          "run",
          "println",
          "print",
          "printf",
          "write",
          "flush",
          "close",
          "sort",
          "trace",
          "debug",
          "info",
          "warn",
          "error");

  /** Of those, the ones returning whether they changed something. */
  private static final Set<String> BOOLEAN_SIDE_EFFECTS =
      Set.of("add", "addAll", "remove", "removeAll", "removeIf", "retainAll", "offer");

  @Override
  public String name() {
    return "missing-return";
  }

  @Override
  public double prior() {
    return 0.35;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    return Proposals.perNode(
        OnLine.nodes(cu, ExpressionStmt.class, line), statement -> returns(text, statement));
  }

  private static List<Proposal> returns(SourceText text, ExpressionStmt statement) {
    Optional<MethodDeclaration> method = enclosingMethod(statement);
    if (method.isEmpty() || method.get().getType().isVoidType() || !endsNestedBlock(statement)) {
      return List.of();
    }
    Expression expression = statement.getExpression();
    List<Proposal> proposals = new ArrayList<>();
    if (expression instanceof ObjectCreationExpr
        || (expression instanceof MethodCallExpr call && mayReturn(call, method.get()))) {
      TextEdit edit = TextEdit.insert(text.start(statement), "return ");
      proposals.add(Proposals.of(text, statement, edit));
    }
    for (String variable : returnableVariables(statement, method.get())) {
      String added = "return " + variable + ";";
      TextEdit edit = StatementInsertions.after(text, statement, List.of(added));
      proposals.add(
          new Proposal(
              "add " + added + " after " + Proposals.snippet(text.text(statement)), List.of(edit)));
    }
    return proposals;
  }

  /**
   * Variables worth returning after the statement: the one it assigns, then those the enclosing
   * {@code if} tests ({@code if (cached != null) { hits++; }} forgot {@code return cached;}), when
   * declared with the method's return type.
   */
  private static List<String> returnableVariables(
      ExpressionStmt statement, MethodDeclaration method) {
    List<NameExpr> mentioned = new ArrayList<>();
    if (statement.getExpression() instanceof AssignExpr assign
        && assign.getTarget() instanceof NameExpr target) {
      mentioned.add(target);
    }
    statement
        .getParentNode()
        .flatMap(Node::getParentNode)
        .filter(IfStmt.class::isInstance)
        .map(IfStmt.class::cast)
        .ifPresent(ifStmt -> mentioned.addAll(ifStmt.getCondition().findAll(NameExpr.class)));
    String returnType = method.getType().asString();
    Scope scope = Scope.at(statement);
    Set<String> variables = new LinkedHashSet<>();
    for (NameExpr name : mentioned) {
      scope
          .lookup(name.getNameAsString())
          .filter(v -> v.type().equals(returnType))
          .ifPresent(v -> variables.add(v.name()));
    }
    return List.copyOf(variables);
  }

  /**
   * Whether the call may produce the method's result: an own method declared with the same return
   * type, or a call that is not a well-known side effect ({@code list.add(x)} returns a boolean,
   * not the list).
   */
  private static boolean mayReturn(MethodCallExpr call, MethodDeclaration method) {
    String returnType = method.getType().asString();
    boolean own = call.getScope().map(ThisExpr.class::isInstance).orElse(true);
    if (own) {
      List<MethodDeclaration> declared =
          Expressions.enclosingType(call)
              .map(type -> type.getMethodsByName(call.getNameAsString()))
              .orElse(List.of());
      return declared.stream().anyMatch(m -> m.getType().asString().equals(returnType));
    }
    if (SIDE_EFFECTS.contains(call.getNameAsString())) {
      return returnType.equals("boolean") && BOOLEAN_SIDE_EFFECTS.contains(call.getNameAsString());
    }
    return true;
  }

  /** The method whose body holds the statement directly, not through a lambda. */
  private static Optional<MethodDeclaration> enclosingMethod(Statement statement) {
    for (Node node = statement.getParentNode().orElse(null);
        node != null;
        node = node.getParentNode().orElse(null)) {
      if (node instanceof LambdaExpr) {
        return Optional.empty();
      }
      if (node instanceof MethodDeclaration method) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the statement is the last of a block nested in the method body (an if branch, a loop, a
   * case), where falling through instead of returning is the typical slip. A statement ending the
   * method body itself cannot lack a return in code that compiles.
   */
  private static boolean endsNestedBlock(Statement statement) {
    if (!(statement.getParentNode().orElse(null) instanceof BlockStmt block)) {
      return false;
    }
    List<Statement> statements = block.getStatements();
    boolean last = !statements.isEmpty() && statements.get(statements.size() - 1) == statement;
    boolean methodBody = block.getParentNode().orElse(null) instanceof MethodDeclaration;
    return last && !methodBody;
  }
}
