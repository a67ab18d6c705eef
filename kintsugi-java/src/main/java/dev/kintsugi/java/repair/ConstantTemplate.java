package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.SwitchEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces a constant: an int literal by its neighbours, 0, 1 or -1; {@code true} ↔ {@code false};
 * and a {@code size()}/{@code length()}/{@code .length} used as a value by itself minus one.
 */
final class ConstantTemplate implements Template {

  @Override
  public String name() {
    return "constant";
  }

  @Override
  public double prior() {
    return 0.4;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Expression> constants = new ArrayList<>();
    constants.addAll(OnLine.nodes(cu, IntegerLiteralExpr.class, line));
    constants.addAll(OnLine.nodes(cu, BooleanLiteralExpr.class, line));
    constants.addAll(
        OnLine.nodes(cu, UnaryExpr.class, line).stream()
            .filter(ConstantTemplate::isNegativeLiteral)
            .toList());
    constants.addAll(
        OnLine.nodes(cu, MethodCallExpr.class, line).stream()
            .filter(ConstantTemplate::isSize)
            .toList());
    constants.addAll(
        OnLine.nodes(cu, FieldAccessExpr.class, line).stream()
            .filter(access -> access.getNameAsString().equals("length"))
            .toList());
    constants.removeIf(ConstantTemplate::isFixedByContext);
    return Proposals.perNode(
        Expressions.distinctInSourceOrder(constants), constant -> replacements(text, constant));
  }

  private static List<Proposal> replacements(SourceText text, Expression constant) {
    if (constant instanceof BooleanLiteralExpr bool) {
      return List.of(replace(text, constant, String.valueOf(!bool.getValue())));
    }
    Optional<Long> value = value(constant);
    if (value.isEmpty()) {
      return alreadyMinusOne(constant)
          ? List.of()
          : IntOffsets.shift(text, constant, -1).stream().toList();
    }
    long current = value.get();
    boolean negativeFits = !(constant.getParentNode().orElse(null) instanceof BinaryExpr);
    Set<Long> alternatives = new LinkedHashSet<>(List.of(current - 1, current + 1, 0L, 1L, -1L));
    alternatives.remove(current);
    List<Proposal> proposals = new ArrayList<>();
    for (long alternative : alternatives) {
      if ((alternative >= 0 || negativeFits) && Math.abs(alternative) <= Integer.MAX_VALUE) {
        proposals.add(replace(text, constant, Long.toString(alternative)));
      }
    }
    return proposals;
  }

  private static Proposal replace(SourceText text, Expression constant, String replacement) {
    Node context = constant.getParentNode().filter(Expression.class::isInstance).orElse(constant);
    return Proposals.of(
        text, context, new TextEdit(text.start(constant), text.end(constant), replacement));
  }

  /** The value of a decimal literal, or of a negated one. */
  private static Optional<Long> value(Expression constant) {
    if (constant instanceof UnaryExpr unary) {
      return IntOffsets.decimalValue(unary.getExpression()).map(v -> -v);
    }
    return IntOffsets.decimalValue(constant);
  }

  private static boolean isNegativeLiteral(UnaryExpr unary) {
    return unary.getOperator() == UnaryExpr.Operator.MINUS
        && IntOffsets.decimalValue(unary.getExpression()).isPresent();
  }

  private static boolean isSize(MethodCallExpr call) {
    String name = call.getNameAsString();
    return (name.equals("size") || name.equals("length"))
        && call.getArguments().isEmpty()
        && call.getScope().isPresent();
  }

  /** {@code n - 1} already: subtracting again is the off-by-one template's business. */
  private static boolean alreadyMinusOne(Expression constant) {
    return constant.getParentNode().orElse(null) instanceof BinaryExpr binary
        && binary.getLeft() == constant
        && binary.getOperator() == BinaryExpr.Operator.MINUS;
  }

  /**
   * Constants that cannot change alone: case labels (duplicates do not compile), annotation values,
   * and a literal inside a negative literal (the negative literal is the constant).
   */
  private static boolean isFixedByContext(Expression constant) {
    Node parent = constant.getParentNode().orElse(null);
    boolean negated =
        parent instanceof UnaryExpr unary && unary.getOperator() == UnaryExpr.Operator.MINUS;
    boolean caseLabel = parent instanceof SwitchEntry;
    boolean annotation = Expressions.ancestor(constant, AnnotationExpr.class).isPresent();
    return (negated && constant instanceof IntegerLiteralExpr) || caseLabel || annotation;
  }
}
