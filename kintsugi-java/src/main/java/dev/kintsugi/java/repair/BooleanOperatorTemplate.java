package dev.kintsugi.java.repair;

import static com.github.javaparser.ast.expr.BinaryExpr.Operator.AND;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.OR;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;
import java.util.Set;

/** Swaps {@code &&} and {@code ||}, adding parentheses where precedence would otherwise change. */
final class BooleanOperatorTemplate implements Template {

  @Override
  public String name() {
    return "boolean-operator";
  }

  @Override
  public double prior() {
    return 0.55;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    return Proposals.perNode(
        OperatorSwaps.binaries(cu, text, line, Set.of(AND, OR)),
        binary ->
            OperatorSwaps.replace(text, binary, List.of(binary.getOperator() == AND ? OR : AND)));
  }
}
