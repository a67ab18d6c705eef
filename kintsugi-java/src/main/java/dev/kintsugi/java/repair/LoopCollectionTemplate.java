package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a loop iterate over another collection of the same declared type: the iterable of a
 * for-each ({@code for (x : a)} → {@code for (x : b)}), or the bound of a counting loop ({@code i <
 * a.length} → {@code i < b.length}, {@code i < xs.size()} → {@code i < ys.size()}).
 */
final class LoopCollectionTemplate implements Template {

  @Override
  public String name() {
    return "loop-collection";
  }

  @Override
  public double prior() {
    return 0.25;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<Expression> collections = new ArrayList<>();
    for (ForEachStmt loop : OnLine.nodes(cu, ForEachStmt.class, line)) {
      collections.add(loop.getIterable());
    }
    for (ForStmt loop : OnLine.nodes(cu, ForStmt.class, line)) {
      loop.getCompare().ifPresent(compare -> collections.addAll(boundedCollections(compare)));
    }
    return Proposals.perNode(collections, collection -> replacements(text, collection));
  }

  /** {@code a} in {@code a.length}, {@code a.size()} or {@code a.length()} within a bound. */
  private static List<Expression> boundedCollections(Expression compare) {
    List<Expression> collections = new ArrayList<>();
    for (FieldAccessExpr access : compare.findAll(FieldAccessExpr.class)) {
      if (access.getNameAsString().equals("length")) {
        collections.add(access.getScope());
      }
    }
    for (MethodCallExpr call : compare.findAll(MethodCallExpr.class)) {
      String name = call.getNameAsString();
      if ((name.equals("size") || name.equals("length")) && call.getArguments().isEmpty()) {
        call.getScope().ifPresent(collections::add);
      }
    }
    return Expressions.distinctInSourceOrder(collections);
  }

  private static List<Proposal> replacements(SourceText text, Expression collection) {
    Scope scope = Scope.at(collection);
    Optional<Variable> variable = scope.variableOf(collection);
    if (variable.isEmpty() || !variable.get().hasType()) {
      return List.of();
    }
    boolean viaThis = collection instanceof FieldAccessExpr;
    Node name = viaThis ? ((FieldAccessExpr) collection).getName() : collection;
    // Describe a bound by its comparison ('i < b.length'), an iterable by itself.
    Node context =
        collection.getParentNode().orElse(null) instanceof ForEachStmt
            ? collection
            : Expressions.ancestor(collection, BinaryExpr.class)
                .map(Node.class::cast)
                .orElse(collection);
    List<Proposal> proposals = new ArrayList<>();
    for (Variable other : scope.sameTypeAs(variable.get())) {
      if (viaThis && other.kind() != Variable.Kind.FIELD) {
        continue;
      }
      TextEdit edit = new TextEdit(text.start(name), text.end(name), other.name());
      proposals.add(Proposals.of(text, context, edit));
    }
    return proposals;
  }
}
