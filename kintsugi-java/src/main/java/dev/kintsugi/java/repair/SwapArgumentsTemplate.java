package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Swaps two arguments of a call or constructor when both have the same known type, e.g. {@code
 * copy(from, to)} → {@code copy(to, from)}. Each argument keeps its original text.
 */
final class SwapArgumentsTemplate implements Template {

  @Override
  public String name() {
    return "swap-arguments";
  }

  @Override
  public double prior() {
    return 0.3;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Node> calls = new ArrayList<>();
    // A call's anchor is its name, so a chained call is found on the line where it is named.
    calls.addAll(cu.findAll(MethodCallExpr.class, call -> OnLine.startsOn(call.getName(), line)));
    calls.addAll(OnLine.nodes(cu, ObjectCreationExpr.class, line));
    return Proposals.perNode(calls, call -> swaps(text, call));
  }

  private static List<Proposal> swaps(SourceText text, Node call) {
    List<Expression> arguments = arguments(call);
    Scope scope = Scope.at(call);
    List<Proposal> proposals = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      for (int j = i + 1; j < arguments.size(); j++) {
        Expression first = arguments.get(i);
        Expression second = arguments.get(j);
        Optional<String> type = TypeGuess.of(first, scope).map(TypeGuess::unboxed);
        boolean sameType =
            type.isPresent() && type.equals(TypeGuess.of(second, scope).map(TypeGuess::unboxed));
        if (sameType && !text.text(first).equals(text.text(second))) {
          proposals.add(
              Proposals.of(
                  text,
                  call,
                  new TextEdit(text.start(first), text.end(first), text.text(second)),
                  new TextEdit(text.start(second), text.end(second), text.text(first))));
        }
      }
    }
    return proposals;
  }

  private static List<Expression> arguments(Node call) {
    return call instanceof MethodCallExpr method
        ? method.getArguments()
        : ((ObjectCreationExpr) call).getArguments();
  }
}
