package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import java.util.List;
import java.util.Set;

/**
 * Swaps the operands of a string concatenation ({@code name + ": "} → {@code ": " + name}); a moved
 * chain keeps its meaning through parentheses when it lands on the right.
 */
final class ConcatOrderTemplate implements Template {

  @Override
  public String name() {
    return "concat-order";
  }

  @Override
  public double prior() {
    return 0.15;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<BinaryExpr> concatenations =
        OperatorSwaps.binaries(cu, text, line, Set.of(BinaryExpr.Operator.PLUS)).stream()
            .filter(TypeGuess::isConcatenation)
            .toList();
    return Proposals.perNode(concatenations, concatenation -> List.of(swap(text, concatenation)));
  }

  private static Proposal swap(SourceText text, BinaryExpr concatenation) {
    Expression left = concatenation.getLeft();
    Expression right = concatenation.getRight();
    // 'a + b + c' is '(a + b) + c': moved to the right, the chain needs its parentheses.
    String leftText = text.text(left);
    String movedLeft = Precedence.of(left) <= Precedence.ADDITIVE ? "(" + leftText + ")" : leftText;
    return Proposals.of(
        text,
        concatenation,
        new TextEdit(text.start(left), text.end(left), text.text(right)),
        new TextEdit(text.start(right), text.end(right), movedLeft));
  }
}
