package dev.kintsugi.java.repair;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A best-effort static type for simple expressions, from literals, declarations in scope and a few
 * well-known JDK methods. Empty means "unknown", never "no type".
 */
final class TypeGuess {

  private static final Set<String> PRIMITIVES =
      Set.of("int", "long", "short", "byte", "char", "boolean", "float", "double");
  private static final Set<String> INTEGRAL = Set.of("int", "long", "short", "byte");
  private static final Map<String, String> UNBOXED =
      Map.of(
          "Integer", "int",
          "Long", "long",
          "Short", "short",
          "Byte", "byte",
          "Character", "char",
          "Boolean", "boolean",
          "Float", "float",
          "Double", "double");
  private static final Set<String> INT_METHODS =
      Set.of(
          "size",
          "length",
          "indexOf",
          "lastIndexOf",
          "compareTo",
          "compare",
          "hashCode",
          "ordinal",
          "intValue",
          "nextInt",
          "signum");
  private static final Set<String> STRING_METHODS =
      Set.of(
          "toString",
          "trim",
          "strip",
          "substring",
          "toUpperCase",
          "toLowerCase",
          "name",
          "repeat",
          "replace",
          "replaceAll",
          "concat",
          "getName",
          "getMessage");
  private static final Set<String> BOOLEAN_METHODS =
      Set.of(
          "isEmpty",
          "isBlank",
          "equals",
          "equalsIgnoreCase",
          "contains",
          "containsKey",
          "startsWith",
          "endsWith",
          "hasNext",
          "matches",
          "isPresent");

  private TypeGuess() {}

  static boolean isPrimitive(String type) {
    return PRIMITIVES.contains(type);
  }

  /** The type with wrapper classes replaced by their primitives. */
  static String unboxed(String type) {
    return UNBOXED.getOrDefault(type, type);
  }

  /** The expression's type as written in source, when it can be told without a symbol solver. */
  static Optional<String> of(Expression expression, Scope scope) {
    if (expression instanceof EnclosedExpr enclosed) {
      return of(enclosed.getInner(), scope);
    }
    if (expression instanceof IntegerLiteralExpr) {
      return Optional.of("int");
    }
    if (expression instanceof LongLiteralExpr) {
      return Optional.of("long");
    }
    if (expression instanceof DoubleLiteralExpr literal) {
      String value = literal.getValue();
      return Optional.of(value.endsWith("f") || value.endsWith("F") ? "float" : "double");
    }
    if (expression instanceof CharLiteralExpr) {
      return Optional.of("char");
    }
    if (expression instanceof BooleanLiteralExpr || expression instanceof InstanceOfExpr) {
      return Optional.of("boolean");
    }
    if (expression instanceof StringLiteralExpr || expression instanceof TextBlockLiteralExpr) {
      return Optional.of("String");
    }
    if (expression instanceof CastExpr cast) {
      return Optional.of(cast.getType().asString());
    }
    if (expression instanceof ObjectCreationExpr creation
        && creation.getAnonymousClassBody().isEmpty()) {
      return Optional.of(creation.getType().asString()).filter(t -> !t.contains("<>"));
    }
    if (expression instanceof FieldAccessExpr access
        && access.getNameAsString().equals("length")
        && of(access.getScope(), scope).map(t -> t.endsWith("[]")).orElse(false)) {
      return Optional.of("int");
    }
    if (expression instanceof MethodCallExpr call) {
      return ofCall(call);
    }
    if (expression instanceof UnaryExpr unary) {
      return unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT
          ? Optional.of("boolean")
          : of(unary.getExpression(), scope).map(TypeGuess::unboxed);
    }
    if (expression instanceof BinaryExpr binary) {
      return ofBinary(binary, scope);
    }
    return scope.variableOf(expression).filter(Variable::hasType).map(Variable::type);
  }

  /** Whether the expression is known to be an integral number (int, long, short, byte). */
  static boolean isIntegral(Expression expression, Scope scope) {
    return of(expression, scope).map(TypeGuess::isIntegral).orElse(false);
  }

  /** Whether a written type is an integral number type, boxed or not. */
  static boolean isIntegral(String type) {
    return INTEGRAL.contains(unboxed(type));
  }

  static boolean isString(Expression expression, Scope scope) {
    return of(expression, scope).map("String"::equals).orElse(false);
  }

  /** Whether the expression is known to have a reference (non-primitive) type. */
  static boolean isReference(Expression expression, Scope scope) {
    return of(expression, scope).map(t -> !isPrimitive(t)).orElse(false);
  }

  /** A {@code +} that builds a string: some operand of its {@code +} chain is a string. */
  static boolean isConcatenation(BinaryExpr binary) {
    if (binary.getOperator() != BinaryExpr.Operator.PLUS) {
      return false;
    }
    BinaryExpr top = binary;
    while (top.getParentNode().orElse(null) instanceof BinaryExpr parent
        && parent.getOperator() == BinaryExpr.Operator.PLUS
        && parent.getLeft() == top) {
      top = parent;
    }
    return containsString(top, Scope.at(binary));
  }

  private static boolean containsString(Expression expression, Scope scope) {
    if (expression instanceof StringLiteralExpr || expression instanceof TextBlockLiteralExpr) {
      return true;
    }
    if (expression instanceof BinaryExpr binary
        && binary.getOperator() == BinaryExpr.Operator.PLUS) {
      return containsString(binary.getLeft(), scope) || containsString(binary.getRight(), scope);
    }
    return TypeGuess.isString(expression, scope);
  }

  private static Optional<String> ofCall(MethodCallExpr call) {
    String name = call.getNameAsString();
    if (INT_METHODS.contains(name)) {
      return Optional.of("int");
    }
    if (STRING_METHODS.contains(name) && call.getScope().isPresent()) {
      return Optional.of("String");
    }
    if (BOOLEAN_METHODS.contains(name) && call.getScope().isPresent()) {
      return Optional.of("boolean");
    }
    return Optional.empty();
  }

  private static Optional<String> ofBinary(BinaryExpr binary, Scope scope) {
    switch (binary.getOperator()) {
      case OR, AND, EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS:
        return Optional.of("boolean");
      default:
        break;
    }
    Optional<String> left = of(binary.getLeft(), scope).map(TypeGuess::unboxed);
    Optional<String> right = of(binary.getRight(), scope).map(TypeGuess::unboxed);
    if (binary.getOperator() == BinaryExpr.Operator.PLUS
        && (left.map("String"::equals).orElse(false)
            || right.map("String"::equals).orElse(false))) {
      return Optional.of("String");
    }
    if (left.isPresent() && left.equals(right) && isPrimitive(left.get())) {
      return left;
    }
    return Optional.empty();
  }
}
