package dev.kintsugi.java.repro;

import static dev.kintsugi.java.repro.ValueContext.mismatch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** Rebuilds primitives and their boxes: range-checked integer literals, float and double ones. */
final class PrimitiveValues {

  private static final Map<String, String> BOXES =
      Map.of(
          "java.lang.Boolean", "boolean",
          "java.lang.Character", "char",
          "java.lang.Byte", "byte",
          "java.lang.Short", "short",
          "java.lang.Integer", "int",
          "java.lang.Long", "long",
          "java.lang.Float", "float",
          "java.lang.Double", "double");

  private final Imports imports;

  PrimitiveValues(Imports imports) {
    this.imports = imports;
  }

  static boolean isBox(String canonical) {
    return BOXES.containsKey(canonical);
  }

  /**
   * The primitive a box holds ({@code int} for {@code java.lang.Integer}), else the name itself.
   */
  static String unbox(String name) {
    return BOXES.getOrDefault(name, name);
  }

  /** An expression of primitive {@code kind} (e.g. {@code int}) equal to {@code value}. */
  String build(String kind, Object value, JType type) {
    switch (kind) {
      case "boolean":
        if (value instanceof Boolean flag) {
          return flag.toString();
        }
        break;
      case "char":
        if (value instanceof String text && text.length() == 1) {
          return JavaLiterals.character(text.charAt(0));
        }
        break;
      case "float":
      case "double":
        return floating(kind, value, type);
      default:
        return integral(kind, value, type);
    }
    throw mismatch(type);
  }

  private static String integral(String kind, Object value, JType type) {
    BigDecimal decimal = JavaLiterals.decimal(value);
    if (decimal == null) {
      throw mismatch(type);
    }
    long min;
    long max;
    switch (kind) {
      case "byte" -> {
        min = Byte.MIN_VALUE;
        max = Byte.MAX_VALUE;
      }
      case "short" -> {
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
      }
      case "int" -> {
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
      }
      case "long" -> {
        min = Long.MIN_VALUE;
        max = Long.MAX_VALUE;
      }
      default -> throw mismatch(type);
    }
    BigInteger exact;
    try {
      exact = decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw mismatch(type);
    }
    if (exact.compareTo(BigInteger.valueOf(min)) < 0
        || exact.compareTo(BigInteger.valueOf(max)) > 0) {
      throw mismatch(type);
    }
    long number = exact.longValue();
    return switch (kind) {
      case "long" -> JavaLiterals.longLiteral(number);
      case "int" -> Long.toString(number);
      default -> "(" + kind + ") " + number;
    };
  }

  private String floating(String kind, Object value, JType type) {
    boolean isFloat = kind.equals("float");
    if (value instanceof String text) {
      String constant =
          switch (text) {
            case "NaN" -> "NaN";
            case "Infinity" -> "POSITIVE_INFINITY";
            case "-Infinity" -> "NEGATIVE_INFINITY";
            default -> throw mismatch(type);
          };
      return imports.use(isFloat ? Float.class : Double.class) + "." + constant;
    }
    BigDecimal decimal = JavaLiterals.decimal(value);
    if (decimal == null) {
      throw mismatch(type);
    }
    if (isFloat) {
      float number = decimal.floatValue();
      if (Float.isInfinite(number)) {
        throw mismatch(type);
      }
      return JavaLiterals.floatLiteral(number);
    }
    double number = decimal.doubleValue();
    if (Double.isInfinite(number)) {
      throw mismatch(type);
    }
    return JavaLiterals.doubleLiteral(number);
  }
}
