package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.Expression;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Widens an integer operation whose result lands in a wider type before it loses information:
 * {@code double avg = sum / n} → {@code double avg = (double) sum / n} (integer division
 * truncates), and {@code long cents = price * qty} → {@code long cents = (long) price * qty} (int
 * overflow).
 */
final class IntegerCastTemplate implements Template {

  private static final Set<String> FLOATING = Set.of("double", "float");

  @Override
  public String name() {
    return "integer-cast";
  }

  @Override
  public double prior() {
    return 0.3; // own estimate, between the rare bitwise and the common operator fixes
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<BinaryExpr> operations =
        OperatorSwaps.binaries(
            cu, text, line, Set.of(BinaryExpr.Operator.DIVIDE, BinaryExpr.Operator.MULTIPLY));
    return Proposals.perNode(operations, operation -> widen(text, operation));
  }

  private static List<Proposal> widen(SourceText text, BinaryExpr operation) {
    if (operation.getLeft() instanceof CastExpr) {
      return List.of(); // already widened (or narrowed on purpose)
    }
    return castTo(operation)
        .map(
            type ->
                List.of(
                    Proposals.of(
                        text,
                        operation,
                        TextEdit.insert(text.start(operation.getLeft()), "(" + type + ") "))))
        .orElse(List.of());
  }

  /** The type to cast the left operand to, when the operation needs one. */
  private static Optional<String> castTo(BinaryExpr operation) {
    Optional<String> target = TargetType.of(operation);
    Scope scope = Scope.at(operation);
    boolean integral =
        TypeGuess.isIntegral(operation.getLeft(), scope)
            && TypeGuess.isIntegral(operation.getRight(), scope);
    if (operation.getOperator() == BinaryExpr.Operator.DIVIDE) {
      // Both operands must be known integers: a cast of a double would change nothing.
      return target.filter(FLOATING::contains).filter(type -> integral);
    }
    // A product that compiles into a long is made of integers (or chars); only int ones overflow.
    boolean knownLong = isLong(operation.getLeft(), scope) || isLong(operation.getRight(), scope);
    return target.filter("long"::equals).filter(type -> !knownLong);
  }

  private static boolean isLong(Expression operand, Scope scope) {
    return TypeGuess.of(operand, scope).map(TypeGuess::unboxed).map("long"::equals).orElse(false);
  }
}
