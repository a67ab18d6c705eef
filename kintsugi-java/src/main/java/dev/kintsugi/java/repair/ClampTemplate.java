package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps an integer in range. An index is wrapped in {@code Math.max(0, …)}, in {@code Math.min(…,
 * bound)} when the bound is known ({@code s.length()}, {@code a.length - 1}), or in {@code
 * Math.abs(…)} when it can go negative through {@code %}, {@code -} or {@code hashCode()}. A
 * computed value ({@code level = level - step}) is clamped at zero or at a bound variable in scope
 * named like one ({@code MIN}, {@code maxSize}, {@code limit}...), or made non-negative.
 */
final class ClampTemplate implements Template {

  private static final Set<String> LOWER_WORDS = Set.of("min", "minimum", "lower", "floor", "low");
  private static final Set<String> UPPER_WORDS =
      Set.of("max", "maximum", "upper", "limit", "cap", "capacity", "ceiling", "high");

  @Override
  public String name() {
    return "clamp";
  }

  @Override
  public double prior() {
    return 0.25;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<IndexPositions.IndexPosition> positions =
        IndexPositions.onLine(cu, line).stream()
            .filter(position -> !(position.expression() instanceof LiteralExpr))
            .toList();
    List<Proposal> proposals =
        new ArrayList<>(Proposals.perNode(positions, position -> indexClamps(text, position)));
    List<Expression> values =
        IntegralValues.onLine(cu, line).stream().filter(BinaryExpr.class::isInstance).toList();
    proposals.addAll(Proposals.perNode(values, value -> valueClamps(text, value)));
    return proposals;
  }

  private static List<Proposal> indexClamps(
      SourceText text, IndexPositions.IndexPosition position) {
    Expression index = position.expression();
    List<Proposal> proposals = new ArrayList<>();
    proposals.add(wrap(text, index, "Math.max(0, ", ")"));
    if (!position.upperBound().isEmpty()) {
      proposals.add(wrap(text, index, "Math.min(", ", " + position.upperBound() + ")"));
    }
    if (canGoNegative(index)) {
      proposals.add(wrap(text, index, "Math.abs(", ")"));
    }
    return proposals;
  }

  private static List<Proposal> valueClamps(SourceText text, Expression value) {
    List<Proposal> proposals = new ArrayList<>();
    if (hashes(value) || has(value, BinaryExpr.Operator.REMAINDER)) {
      proposals.add(wrap(text, value, "Math.abs(", ")"));
    }
    List<Variable> bounds =
        Scope.at(value).all().stream()
            .filter(v -> TypeGuess.isIntegral(v.type()))
            .filter(v -> !text.text(value).equals(v.name()))
            .toList();
    if (has(value, BinaryExpr.Operator.MINUS)) {
      proposals.add(wrap(text, value, "Math.max(0, ", ")"));
      for (Variable bound : bounds) {
        if (namedLike(bound.name(), LOWER_WORDS)) {
          proposals.add(wrap(text, value, "Math.max(" + bound.name() + ", ", ")"));
        }
      }
    }
    if (has(value, BinaryExpr.Operator.PLUS) || has(value, BinaryExpr.Operator.MULTIPLY)) {
      for (Variable bound : bounds) {
        if (namedLike(bound.name(), UPPER_WORDS)) {
          proposals.add(wrap(text, value, "Math.min(", ", " + bound.name() + ")"));
        }
      }
    }
    return proposals;
  }

  private static Proposal wrap(SourceText text, Expression index, String before, String after) {
    return Proposals.of(
        text,
        index,
        TextEdit.insert(text.start(index), before),
        TextEdit.insert(text.end(index), after));
  }

  private static boolean canGoNegative(Expression index) {
    return hashes(index)
        || has(index, BinaryExpr.Operator.REMAINDER)
        || has(index, BinaryExpr.Operator.MINUS);
  }

  private static boolean has(Expression expression, BinaryExpr.Operator operator) {
    return !expression.findAll(BinaryExpr.class, b -> b.getOperator() == operator).isEmpty();
  }

  private static boolean hashes(Expression expression) {
    return !expression
        .findAll(MethodCallExpr.class, call -> call.getNameAsString().equals("hashCode"))
        .isEmpty();
  }

  /** Whether one of the name's words ({@code maxSize}, {@code MAX_SIZE}) is in {@code words}. */
  private static boolean namedLike(String name, Set<String> words) {
    for (String word : name.split("(?<=[a-z0-9])(?=[A-Z])|_")) {
      if (words.contains(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
