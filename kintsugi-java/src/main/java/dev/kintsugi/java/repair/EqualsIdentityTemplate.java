package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fixes object comparisons: {@code a == b} on objects → {@code a.equals(b)} (a string literal
 * first, {@code Objects.equals} when imported); {@code s.equals("x")} → the null-safe {@code
 * "x".equals(s)}; and {@code a.equals(b)} → {@code a == b} for identity types such as enums.
 */
final class EqualsIdentityTemplate implements Template {

  @Override
  public String name() {
    return "equals-identity";
  }

  @Override
  public double prior() {
    return 0.35;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    boolean objectsImported =
        cu.getImports().stream().anyMatch(EqualsIdentityTemplate::importsObjects);
    List<Proposal> proposals = new ArrayList<>();
    List<BinaryExpr> identities =
        OperatorSwaps.binaries(
            cu, text, line, Set.of(BinaryExpr.Operator.EQUALS, BinaryExpr.Operator.NOT_EQUALS));
    proposals.addAll(
        Proposals.perNode(identities, identity -> toEquals(text, identity, objectsImported)));
    List<MethodCallExpr> equalsCalls =
        cu.findAll(
            MethodCallExpr.class,
            call ->
                call.getNameAsString().equals("equals")
                    && call.getArguments().size() == 1
                    && call.getScope().isPresent()
                    && OnLine.startsOn(call.getName(), line));
    proposals.addAll(Proposals.perNode(equalsCalls, call -> fromEquals(text, call)));
    return proposals;
  }

  private static List<Proposal> toEquals(SourceText text, BinaryExpr identity, boolean objects) {
    Expression left = identity.getLeft();
    Expression right = identity.getRight();
    Scope scope = Scope.at(identity);
    boolean objectsCompared =
        !(left instanceof NullLiteralExpr || right instanceof NullLiteralExpr)
            && isObject(left, scope)
            && isObject(right, scope)
            && (TypeGuess.isReference(left, scope) || TypeGuess.isReference(right, scope));
    if (!objectsCompared) {
      return List.of();
    }
    String not = identity.getOperator() == BinaryExpr.Operator.NOT_EQUALS ? "!" : "";
    boolean literalRight =
        right instanceof StringLiteralExpr && !(left instanceof StringLiteralExpr);
    Expression receiver = literalRight ? right : left;
    Expression argument = literalRight ? left : right;
    List<Proposal> proposals = new ArrayList<>();
    proposals.add(
        replace(
            text,
            identity,
            not + receiverText(text, receiver) + ".equals(" + text.text(argument) + ")"));
    if (objects) {
      proposals.add(
          replace(
              text,
              identity,
              not + "Objects.equals(" + text.text(left) + ", " + text.text(right) + ")"));
    }
    return proposals;
  }

  private static List<Proposal> fromEquals(SourceText text, MethodCallExpr call) {
    Expression receiver = call.getScope().orElseThrow();
    Expression argument = call.getArgument(0);
    Scope scope = Scope.at(call);
    List<Proposal> proposals = new ArrayList<>();
    if (argument instanceof StringLiteralExpr && !(receiver instanceof StringLiteralExpr)) {
      proposals.add(
          replace(text, call, text.text(argument) + ".equals(" + text.text(receiver) + ")"));
    }
    boolean strings = TypeGuess.isString(receiver, scope) || TypeGuess.isString(argument, scope);
    if (!strings && !(argument instanceof NullLiteralExpr)) {
      boolean negated =
          call.getParentNode().orElse(null) instanceof UnaryExpr unary
              && unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT;
      Expression replaced = negated ? (Expression) call.getParentNode().orElseThrow() : call;
      String comparison = text.text(receiver) + (negated ? " != " : " == ") + text.text(argument);
      boolean wrap = Precedence.needsParens(Precedence.EQUALITY, replaced);
      proposals.add(replace(text, replaced, wrap ? "(" + comparison + ")" : comparison));
    }
    return proposals;
  }

  private static Proposal replace(SourceText text, Expression expression, String replacement) {
    return Proposals.of(
        text, expression, new TextEdit(text.start(expression), text.end(expression), replacement));
  }

  /** The receiver of a new {@code .equals} call, parenthesized unless it is a primary. */
  private static String receiverText(SourceText text, Expression receiver) {
    String written = text.text(receiver);
    return Precedence.of(receiver) >= Precedence.PRIMARY ? written : "(" + written + ")";
  }

  /** Not known to be a primitive value. */
  private static boolean isObject(Expression expression, Scope scope) {
    return TypeGuess.of(expression, scope).map(t -> !TypeGuess.isPrimitive(t)).orElse(true);
  }

  private static boolean importsObjects(ImportDeclaration declaration) {
    String name = declaration.getNameAsString();
    return !declaration.isStatic()
        && ((name.equals("java.util.Objects") && !declaration.isAsterisk())
            || (name.equals("java.util") && declaration.isAsterisk()));
  }
}
