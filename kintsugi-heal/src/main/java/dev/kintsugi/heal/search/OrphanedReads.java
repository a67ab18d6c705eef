package dev.kintsugi.heal.search;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.heal.validate.JavaSources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Variables a change leaves declared but no longer read: a field whose only read the fix replaced,
 * a parameter the method now ignores. A correct fix rarely orphans what the code was written to use
 * (in our corpus, the overfitting fix made a getter return another field, leaving its own unread),
 * so the ranking of plausible fixes counts it against them.
 *
 * <p>Names are resolved by a lexical approximation, not a symbol solver: a name declared as a
 * parameter or local variable in the enclosing method or lambda is that variable, otherwise a field
 * of the enclosing type if the file declares one by that name. Both versions of the file are read
 * the same way, so the approximation's errors mostly cancel.
 */
final class OrphanedReads {

  private OrphanedReads() {}

  /** Descriptions like {@code field billingAddress} of variables read before and not after. */
  static List<String> of(FileChange change) {
    Optional<Map<String, Integer>> before = reads(change.before());
    Optional<Map<String, Integer>> after = reads(change.after());
    if (before.isEmpty() || after.isEmpty()) {
      return List.of();
    }
    List<String> orphaned = new ArrayList<>();
    before
        .get()
        .forEach(
            (variable, count) -> {
              // Still declared (a key with zero reads) but no longer read.
              if (count > 0 && after.get().getOrDefault(variable, -1) == 0) {
                orphaned.add(variable.substring(0, variable.indexOf('@')));
              }
            });
    orphaned.sort(null);
    return orphaned;
  }

  /**
   * Reads per declared variable, keyed {@code "field name@Type"} or {@code "parameter name@method"}
   * / {@code "variable name@method"}; declared but unread variables map to 0. Empty when the source
   * does not parse.
   */
  static Optional<Map<String, Integer>> reads(String source) {
    ParseResult<CompilationUnit> parsed = JavaSources.parse(source);
    if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
      return Optional.empty();
    }
    CompilationUnit unit = parsed.getResult().get();
    Map<String, Integer> reads = new HashMap<>();
    for (FieldDeclaration field : unit.findAll(FieldDeclaration.class)) {
      String type = typeName(field);
      field.getVariables().forEach(v -> reads.put("field " + v.getNameAsString() + "@" + type, 0));
    }
    for (CallableDeclaration<?> callable : unit.findAll(CallableDeclaration.class)) {
      String owner = callableName(callable);
      for (Parameter p : callable.getParameters()) {
        reads.put("parameter " + p.getNameAsString() + "@" + owner, 0);
      }
      for (VariableDeclarator v : callable.findAll(VariableDeclarator.class)) {
        if (v.findAncestor(FieldDeclaration.class).isEmpty()) {
          reads.put("variable " + v.getNameAsString() + "@" + owner, 0);
        }
      }
    }
    Set<String> declared = Set.copyOf(reads.keySet());
    for (NameExpr name : unit.findAll(NameExpr.class)) {
      if (!assigned(name)) {
        key(name, name.getNameAsString(), false, declared)
            .ifPresent(k -> reads.merge(k, 1, Integer::sum));
      }
    }
    for (FieldAccessExpr access : unit.findAll(FieldAccessExpr.class)) {
      if (access.getScope() instanceof ThisExpr && !assigned(access)) {
        key(access, access.getNameAsString(), true, declared)
            .ifPresent(k -> reads.merge(k, 1, Integer::sum));
      }
    }
    return Optional.of(reads);
  }

  /**
   * The variable a name refers to, among the {@code declared} ones (a parameter or local of the
   * enclosing method before a field of the enclosing type), or empty when none by that name.
   */
  private static Optional<String> key(
      Node use, String name, boolean viaThis, Set<String> declared) {
    if (!viaThis) {
      Optional<LambdaExpr> lambda = use.findAncestor(LambdaExpr.class);
      if (lambda.isPresent()
          && lambda.get().getParameters().stream()
              .anyMatch(p -> p.getNameAsString().equals(name))) {
        return Optional.empty(); // a lambda's own parameter: not tracked
      }
      Optional<CallableDeclaration> callable = use.findAncestor(CallableDeclaration.class);
      if (callable.isPresent()) {
        String owner = callableName(callable.get());
        for (String kind : new String[] {"parameter ", "variable "}) {
          if (declared.contains(kind + name + "@" + owner)) {
            return Optional.of(kind + name + "@" + owner);
          }
        }
      }
    }
    String field = "field " + name + "@" + typeName(use);
    return declared.contains(field) ? Optional.of(field) : Optional.empty();
  }

  /** Whether the expression is the target of a plain assignment (a write, not a read). */
  private static boolean assigned(Expression e) {
    return e.getParentNode()
        .filter(
            p ->
                p instanceof AssignExpr a
                    && a.getTarget() == e
                    && a.getOperator() == AssignExpr.Operator.ASSIGN)
        .isPresent();
  }

  private static String typeName(Node node) {
    return node.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("");
  }

  private static String callableName(CallableDeclaration<?> callable) {
    return typeName(callable) + "." + callable.getDeclarationAsString(false, false, false);
  }
}
