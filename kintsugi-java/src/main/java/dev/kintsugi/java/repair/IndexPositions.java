package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Int expressions used as an index or bound: array indexes and dimensions, and the index arguments
 * of well-known JDK methods ({@code substring}, {@code subList}, {@code charAt}, {@code get}...).
 * These are where off-by-one and out-of-range bugs live.
 */
final class IndexPositions {

  /**
   * An index-like expression.
   *
   * @param upperBound the largest valid value when known, e.g. {@code s.length()} or {@code
   *     a.length - 1}; empty otherwise
   */
  record IndexPosition(Expression expression, String upperBound) {}

  /**
   * Which arguments of a method are indexes.
   *
   * @param arity the argument count the method must have, or -1 for any
   * @param bound format of the upper bound from the receiver's text, or empty when unknown
   */
  private record IndexMethod(Set<Integer> arguments, int arity, String bound) {}

  private static final Map<String, IndexMethod> METHODS =
      Map.ofEntries(
          Map.entry("substring", new IndexMethod(Set.of(0, 1), -1, "%s.length()")),
          Map.entry("subSequence", new IndexMethod(Set.of(0, 1), 2, "%s.length()")),
          Map.entry("subList", new IndexMethod(Set.of(0, 1), 2, "%s.size()")),
          Map.entry("charAt", new IndexMethod(Set.of(0), 1, "%s.length() - 1")),
          Map.entry("codePointAt", new IndexMethod(Set.of(0), 1, "%s.length() - 1")),
          Map.entry("deleteCharAt", new IndexMethod(Set.of(0), 1, "%s.length() - 1")),
          Map.entry("setCharAt", new IndexMethod(Set.of(0), 2, "%s.length() - 1")),
          Map.entry("insert", new IndexMethod(Set.of(0), 2, "%s.length()")),
          Map.entry("get", new IndexMethod(Set.of(0), 1, "%s.size() - 1")),
          Map.entry("set", new IndexMethod(Set.of(0), 2, "%s.size() - 1")),
          Map.entry("add", new IndexMethod(Set.of(0), 2, "%s.size()")),
          Map.entry("range", new IndexMethod(Set.of(0, 1), 2, "")),
          Map.entry("rangeClosed", new IndexMethod(Set.of(0, 1), 2, "")),
          Map.entry("copyOfRange", new IndexMethod(Set.of(1, 2), 3, "")),
          Map.entry("copyOf", new IndexMethod(Set.of(1), 2, "")),
          Map.entry("limit", new IndexMethod(Set.of(0), 1, "")),
          Map.entry("skip", new IndexMethod(Set.of(0), 1, "")));

  /** Methods that also exist on maps or sets, where the argument is a key and not an index. */
  private static final Set<String> LIST_ONLY = Set.of("get", "set", "add");

  private IndexPositions() {}

  /** Index positions whose expression begins on {@code line}, in source order. */
  static List<IndexPosition> onLine(CompilationUnit cu, int line) {
    List<IndexPosition> positions = new ArrayList<>();
    for (Node node : cu.findAll(Node.class, node -> OnLine.spans(node, line))) {
      try {
        positions.addAll(of(node));
      } catch (RuntimeException e) {
        // an unexpected shape: this node offers no positions
      }
    }
    positions.removeIf(position -> !OnLine.startsOn(position.expression(), line));
    return positions;
  }

  private static List<IndexPosition> of(Node node) {
    if (node instanceof ArrayAccessExpr access) {
      String bound = simple(access.getName()).map(name -> name + ".length - 1").orElse("");
      return List.of(new IndexPosition(access.getIndex(), bound));
    }
    if (node instanceof ArrayCreationExpr creation) {
      List<IndexPosition> dimensions = new ArrayList<>();
      creation
          .getLevels()
          .forEach(
              level ->
                  level.getDimension().ifPresent(d -> dimensions.add(new IndexPosition(d, ""))));
      return dimensions;
    }
    if (node instanceof MethodCallExpr call && METHODS.containsKey(call.getNameAsString())) {
      return ofCall(call);
    }
    return List.of();
  }

  private static List<IndexPosition> ofCall(MethodCallExpr call) {
    List<IndexPosition> positions = new ArrayList<>();
    Scope scope = Scope.at(call);
    Optional<String> scopeText = call.getScope().flatMap(IndexPositions::simple);
    if (LIST_ONLY.contains(call.getNameAsString()) && !isList(call, scope)) {
      return positions;
    }
    IndexMethod method = METHODS.get(call.getNameAsString());
    if (method.arity() >= 0 && method.arity() != call.getArguments().size()) {
      return positions;
    }
    for (int index : method.arguments()) {
      if (index >= call.getArguments().size()) {
        continue;
      }
      Expression argument = call.getArgument(index);
      if (TypeGuess.of(argument, scope).isPresent() && !TypeGuess.isIntegral(argument, scope)) {
        continue; // known not to be an index
      }
      String bound =
          method.bound().isEmpty() || scopeText.isEmpty()
              ? ""
              : String.format(method.bound(), scopeText.get());
      positions.add(new IndexPosition(argument, bound));
    }
    positions.sort(
        (a, b) ->
            a.expression()
                .getBegin()
                .orElseThrow()
                .compareTo(b.expression().getBegin().orElseThrow()));
    return positions;
  }

  /** Whether the call's receiver is declared as some kind of list. */
  private static boolean isList(MethodCallExpr call, Scope scope) {
    return call.getScope()
        .flatMap(scope::variableOf)
        .map(variable -> variable.type().contains("List"))
        .orElse(false);
  }

  /** The text of a receiver simple enough to repeat in a bound: {@code s}, {@code this.s}. */
  private static Optional<String> simple(Expression expression) {
    if (expression instanceof NameExpr name) {
      return Optional.of(name.getNameAsString());
    }
    if (expression instanceof FieldAccessExpr access && access.getScope() instanceof ThisExpr) {
      return Optional.of("this." + access.getNameAsString());
    }
    return Optional.empty();
  }
}
