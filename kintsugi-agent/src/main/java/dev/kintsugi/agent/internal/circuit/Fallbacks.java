package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.json.JsonReader;
import java.util.Collections;
import java.util.Optional;

/**
 * Turns a circuit's fallback literal into a value of the method's return type:
 *
 * <ul>
 *   <li>primitives and their boxes: {@code true}/{@code false}, a number in the type's range
 *       ({@code 0}, {@code -1.5}), a single character for {@code char}; {@code null} for a box;
 *   <li>{@code String}, {@code CharSequence}, {@code Object}: a JSON string's content ({@code
 *       "n/a"}), {@code null}, else the literal as it is ({@code n/a});
 *   <li>{@code List}, {@code Collection}, {@code Iterable}, {@code Set}, {@code Map}: {@code []}
 *       (or {@code {}}) for the immutable empty one, or {@code null};
 *   <li>{@code Optional}: a JSON string for {@code Optional.of} it, anything else ({@code null},
 *       {@code []}, {@code empty}) for {@code Optional.empty()};
 *   <li>any other type: {@code null} only; {@code void}: anything (nothing is returned).
 * </ul>
 *
 * The values are immutable, so one is shared by every call.
 */
final class Fallbacks {
  private Fallbacks() {}

  /**
   * The value of {@code literal} for {@code returnType} (a type's name as {@link Class#getName}
   * gives it, or a primitive's keyword).
   *
   * @throws IllegalArgumentException when the literal does not fit the type
   */
  static Object value(String literal, String returnType) {
    String t = literal.trim();
    boolean isNull = t.equals("null");
    try {
      switch (returnType) {
        case "void":
          return null;
        case "boolean":
          return bool(t);
        case "java.lang.Boolean":
          return isNull ? null : bool(t);
        case "int":
          return Integer.valueOf(t);
        case "java.lang.Integer":
          return isNull ? null : Integer.valueOf(t);
        case "long":
          return Long.valueOf(t);
        case "java.lang.Long":
          return isNull ? null : Long.valueOf(t);
        case "short":
          return Short.valueOf(t);
        case "java.lang.Short":
          return isNull ? null : Short.valueOf(t);
        case "byte":
          return Byte.valueOf(t);
        case "java.lang.Byte":
          return isNull ? null : Byte.valueOf(t);
        case "double":
          return Double.valueOf(number(t));
        case "java.lang.Double":
          return isNull ? null : Double.valueOf(number(t));
        case "float":
          return Float.valueOf(number(t));
        case "java.lang.Float":
          return isNull ? null : Float.valueOf(number(t));
        case "char":
          return character(literal);
        case "java.lang.Character":
          return isNull ? null : character(literal);
        case "java.lang.String":
        case "java.lang.CharSequence":
        case "java.lang.Object":
          return isNull ? null : text(literal);
        case "java.util.List":
        case "java.util.Collection":
        case "java.lang.Iterable":
          return isNull ? null : empty(t, Collections.emptyList());
        case "java.util.Set":
          return isNull ? null : empty(t, Collections.emptySet());
        case "java.util.Map":
          return isNull ? null : empty(t, Collections.emptyMap());
        case "java.util.Optional":
          return quoted(t) ? Optional.of(text(t)) : Optional.empty();
        default:
          if (isNull) {
            return null;
          }
          throw new IllegalArgumentException("only null fits " + returnType);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + t + "' is not a " + returnType);
    }
  }

  private static Boolean bool(String t) {
    if (t.equals("true") || t.equals("false")) {
      return Boolean.valueOf(t);
    }
    throw new IllegalArgumentException("a boolean is true or false");
  }

  /** A decimal number: not NaN, Infinity or hexadecimal, which Double.valueOf would take. */
  private static String number(String t) {
    if (t.isEmpty() || !(JsonReader.parse(t) instanceof Number)) {
      throw new NumberFormatException(t);
    }
    return t;
  }

  private static Character character(String literal) {
    String s = text(literal);
    if (s.length() != 1) {
      throw new IllegalArgumentException("a char is one character");
    }
    return s.charAt(0);
  }

  private static String text(String literal) {
    String t = literal.trim();
    return quoted(t) ? (String) JsonReader.parse(t) : literal;
  }

  private static boolean quoted(String t) {
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"");
  }

  private static Object empty(String t, Object empty) {
    if (t.equals("[]") || t.equals("{}")) {
      return empty;
    }
    throw new IllegalArgumentException("only [] or null fit a collection");
  }
}
