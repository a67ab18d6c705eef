package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Guards a variable dereferenced on the line against {@code null}: {@code x != null && …} (or
 * {@code x == null || …}) in a condition, {@code if (x == null) { return <default>; }} or {@code
 * continue;} before the statement, or the statement wrapped in {@code if (x != null) { … }}.
 */
final class NullGuardTemplate implements Template {

  @Override
  public String name() {
    return "null-guard";
  }

  @Override
  public double prior() {
    return 0.8;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Expression> receivers = new ArrayList<>();
    cu.findAll(Node.class, node -> OnLine.spans(node, line))
        .forEach(
            node ->
                dereferenced(node).filter(r -> OnLine.startsOn(r, line)).ifPresent(receivers::add));
    Set<String> guarded = new HashSet<>();
    // One guard per variable, even when it is dereferenced several times on the line.
    return Proposals.perNode(
        Expressions.distinctInSourceOrder(receivers),
        receiver ->
            isNullable(receiver) && guarded.add(text.text(receiver))
                ? guards(text, receiver)
                : List.of());
  }

  /** The expression a node dereferences, when that is a variable: {@code x} in {@code x.f()}. */
  private static Optional<Expression> dereferenced(Node node) {
    Optional<Expression> receiver = Optional.empty();
    if (node instanceof MethodCallExpr call) {
      receiver = call.getScope();
    } else if (node instanceof FieldAccessExpr access) {
      receiver = Optional.of(access.getScope());
    } else if (node instanceof ArrayAccessExpr access) {
      receiver = Optional.of(access.getName());
    } else if (node instanceof ForEachStmt loop) {
      receiver = Optional.of(loop.getIterable());
    }
    return receiver.filter(r -> Scope.at(r).variableOf(r).isPresent());
  }

  private static boolean isNullable(Expression receiver) {
    return Scope.at(receiver)
        .variableOf(receiver)
        .map(v -> !v.isPrimitive() && v.kind() != Variable.Kind.CONSTANT)
        .orElse(false);
  }

  private static List<Proposal> guards(SourceText text, Expression receiver) {
    String name = text.text(receiver);
    Statement statement = enclosingStatement(receiver);
    String statementText = text.text(statement);
    if (statementText.contains(name + " != null") || statementText.contains(name + " == null")) {
      return List.of(); // already guarded here
    }
    List<Proposal> proposals = new ArrayList<>();
    condition(receiver)
        .ifPresent(condition -> proposals.addAll(conditionGuards(text, condition, name)));
    boolean insertable =
        Expressions.isInStatementList(statement)
            && text.onlyIndentationBefore(text.start(statement));
    if (insertable) {
      for (String exit : exits(statement)) {
        proposals.add(earlyExit(text, statement, name, exit));
      }
      if (isSingleLineAction(statement)) {
        proposals.add(wrapped(text, statement, name));
      }
    }
    return proposals;
  }

  private static List<Proposal> conditionGuards(
      SourceText text, Expression condition, String name) {
    return List.of(
        conditionGuard(text, condition, name + " != null && ", BinaryExpr.Operator.AND),
        conditionGuard(text, condition, name + " == null || ", BinaryExpr.Operator.OR));
  }

  /** Prefixes the condition with {@code guard}, parenthesizing what binds less than it. */
  private static Proposal conditionGuard(
      SourceText text, Expression condition, String guard, BinaryExpr.Operator operator) {
    List<TextEdit> edits = new ArrayList<>();
    if (Precedence.of(condition) < Precedence.of(operator)) {
      edits.add(TextEdit.insert(text.start(condition), guard + "("));
      edits.add(TextEdit.insert(text.end(condition), ")"));
    } else {
      edits.add(TextEdit.insert(text.start(condition), guard));
    }
    return Proposals.of(text, condition, edits);
  }

  private static Proposal earlyExit(
      SourceText text, Statement statement, String name, String exit) {
    String unit = StatementInsertions.unit(text, statement);
    String guard = "if (" + name + " == null) {";
    TextEdit edit = StatementInsertions.before(text, statement, List.of(guard, unit + exit, "}"));
    String description =
        guard + " " + exit + " } before " + Proposals.snippet(text.text(statement));
    return new Proposal(Proposals.snippet(description), List.of(edit));
  }

  private static Proposal wrapped(SourceText text, Statement statement, String name) {
    String unit = StatementInsertions.unit(text, statement);
    int start = text.start(statement);
    String indent = text.indentation(text.lineOf(start));
    String separator = text.lineSeparator();
    String guard = "if (" + name + " != null) {";
    List<TextEdit> edits =
        List.of(
            TextEdit.insert(start, guard + separator + indent + unit),
            TextEdit.insert(text.end(statement), separator + indent + "}"));
    return new Proposal(Proposals.snippet(guard + " " + text.text(statement) + " }"), edits);
  }

  /** How to leave when the variable is null: continue the loop, or return a neutral value. */
  private static List<String> exits(Statement statement) {
    for (Node node = statement.getParentNode().orElse(null);
        node != null;
        node = node.getParentNode().orElse(null)) {
      if (node instanceof ForStmt
          || node instanceof ForEachStmt
          || node instanceof WhileStmt
          || node instanceof DoStmt) {
        return List.of("continue;");
      }
      if (node instanceof MethodDeclaration method) {
        return method.getType().isVoidType()
            ? List.of("return;")
            : DefaultValues.of(method.getType()).stream().map(v -> "return " + v + ";").toList();
      }
      if (node instanceof ConstructorDeclaration) {
        return List.of("return;");
      }
      if (node instanceof LambdaExpr || node instanceof CallableDeclaration<?>) {
        return List.of();
      }
    }
    return List.of();
  }

  /** The statement to guard: for a dereference in a condition, the if or loop owning it. */
  private static Statement enclosingStatement(Expression receiver) {
    return Expressions.ancestor(receiver, Statement.class)
        .orElseThrow(() -> new IllegalStateException("not inside a statement"));
  }

  /** The if, while or ternary condition containing the dereference, if any. */
  private static Optional<Expression> condition(Expression receiver) {
    Node child = receiver;
    for (Node node = receiver.getParentNode().orElse(null);
        node != null && !(node instanceof LambdaExpr);
        node = node.getParentNode().orElse(null)) {
      if (node instanceof IfStmt ifStmt && ifStmt.getCondition() == child) {
        return Optional.of(ifStmt.getCondition());
      }
      if (node instanceof WhileStmt whileStmt && whileStmt.getCondition() == child) {
        return Optional.of(whileStmt.getCondition());
      }
      if (node instanceof ConditionalExpr conditional && conditional.getCondition() == child) {
        return Optional.of(conditional.getCondition());
      }
      if (node instanceof Statement) {
        return Optional.empty();
      }
      child = node;
    }
    return Optional.empty();
  }

  /** A one-line expression statement that declares nothing: safe to wrap in an if. */
  private static boolean isSingleLineAction(Statement statement) {
    return statement instanceof ExpressionStmt expression
        && !(expression.getExpression() instanceof VariableDeclarationExpr)
        && statement.getRange().map(r -> r.begin.line == r.end.line).orElse(false);
  }
}
