package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Shared mechanics of the operator templates: find operators on a line, swap only the token. */
final class OperatorSwaps {

  private OperatorSwaps() {}

  /** Binary expressions with one of {@code operators} whose operator token sits on {@code line}. */
  static List<BinaryExpr> binaries(
      CompilationUnit cu, SourceText source, int line, Set<BinaryExpr.Operator> operators) {
    return cu.findAll(
        BinaryExpr.class,
        binary ->
            operators.contains(binary.getOperator())
                && OnLine.spans(binary, line)
                && tokenOnLine(() -> OperatorToken.of(source, binary), source, line));
  }

  /** Compound assignments with one of {@code operators} whose operator sits on {@code line}. */
  static List<AssignExpr> assignments(
      CompilationUnit cu, SourceText source, int line, Set<AssignExpr.Operator> operators) {
    return cu.findAll(
        AssignExpr.class,
        assign ->
            operators.contains(assign.getOperator())
                && OnLine.spans(assign, line)
                && tokenOnLine(() -> OperatorToken.of(source, assign), source, line));
  }

  /** Unary expressions with one of {@code operators} whose operator sits on {@code line}. */
  static List<UnaryExpr> unaries(
      CompilationUnit cu, SourceText source, int line, Set<UnaryExpr.Operator> operators) {
    return cu.findAll(
        UnaryExpr.class,
        unary ->
            operators.contains(unary.getOperator())
                && OnLine.spans(unary, line)
                && tokenOnLine(() -> OperatorToken.of(source, unary), source, line));
  }

  /**
   * One proposal per alternative operator, parenthesizing where precedence requires, weighted by
   * {@link OperatorPriors}.
   */
  static List<Proposal> replace(
      SourceText source, BinaryExpr binary, List<BinaryExpr.Operator> alternatives) {
    OperatorToken token = OperatorToken.of(source, binary);
    List<Proposal> proposals = new ArrayList<>();
    for (BinaryExpr.Operator alternative : alternatives) {
      List<TextEdit> edits =
          new ArrayList<>(Precedence.forNewOperator(source, binary, alternative));
      edits.add(token.replaceWith(alternative.asString()));
      proposals.add(
          Proposals.of(source, binary, edits)
              .weighted(OperatorPriors.weight(binary.getOperator(), alternative)));
    }
    return proposals;
  }

  static List<Proposal> replace(
      SourceText source, AssignExpr assign, List<AssignExpr.Operator> alternatives) {
    OperatorToken token = OperatorToken.of(source, assign);
    List<Proposal> proposals = new ArrayList<>();
    for (AssignExpr.Operator alternative : alternatives) {
      // A compound assignment is as likely wrong as its binary operator.
      double weight =
          assign
              .getOperator()
              .toBinaryOperator()
              .flatMap(
                  from -> alternative.toBinaryOperator().map(to -> OperatorPriors.weight(from, to)))
              .orElse(1.0);
      proposals.add(
          Proposals.of(source, assign, token.replaceWith(alternative.asString())).weighted(weight));
    }
    return proposals;
  }

  static List<Proposal> replace(
      SourceText source, UnaryExpr unary, UnaryExpr.Operator alternative) {
    OperatorToken token = OperatorToken.of(source, unary);
    return List.of(Proposals.of(source, unary, token.replaceWith(alternative.asString())));
  }

  /**
   * {@code x++} ↔ {@code ++x} (same for {@code --}), when the expression's value is used: as a
   * statement of its own both forms do the same.
   */
  static List<Proposal> moveStep(SourceText source, UnaryExpr unary) {
    if (!valueUsed(unary)) {
      return List.of();
    }
    String symbol = unary.getOperator().asString();
    int start = source.start(unary);
    int end = source.end(unary);
    String operand = source.text(unary.getExpression());
    String moved = unary.isPrefix() ? operand + symbol : symbol + operand;
    return List.of(
        Proposals.of(source, unary, new TextEdit(start, end, moved))
            .weighted(OperatorPriors.UNARY));
  }

  /** Drops a unary {@code -} (or {@code ~}): {@code -x} → {@code x}. */
  static List<Proposal> dropPrefix(SourceText source, UnaryExpr unary) {
    return List.of(
        Proposals.of(
                source,
                unary,
                TextEdit.delete(source.start(unary), source.start(unary.getExpression())))
            .weighted(OperatorPriors.UNARY));
  }

  private static boolean valueUsed(UnaryExpr unary) {
    return unary
        .getParentNode()
        .map(
            parent ->
                !(parent instanceof ExpressionStmt)
                    && !(parent instanceof ForStmt forStmt
                        && forStmt.getUpdate().stream().anyMatch(update -> update == unary)))
        .orElse(false);
  }

  /**
   * The compound assignment operators matching {@link OperatorPriors#alternatives} of {@code
   * assign}'s binary operator, in the same order.
   */
  static List<AssignExpr.Operator> compoundAlternatives(AssignExpr assign) {
    List<AssignExpr.Operator> alternatives = new ArrayList<>();
    assign
        .getOperator()
        .toBinaryOperator()
        .ifPresent(
            from -> {
              for (BinaryExpr.Operator to : OperatorPriors.alternatives(from)) {
                for (AssignExpr.Operator compound : AssignExpr.Operator.values()) {
                  if (compound.toBinaryOperator().orElse(null) == to) {
                    alternatives.add(compound);
                  }
                }
              }
            });
    return alternatives;
  }

  /** Whether the operator sits on the line; an operator that cannot be located does not. */
  private static boolean tokenOnLine(Supplier<OperatorToken> token, SourceText source, int line) {
    try {
      return token.get().line(source) == line;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
