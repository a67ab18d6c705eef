package dev.kintsugi.java.repro;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * Turns untrusted event data into inert Java source text: string and char literals whose content
 * cannot end the literal or the line (javac translates {@code \\uXXXX} escapes before it lexes, so
 * the output never contains a backslash-u pair), and identifiers that are safe inside comments.
 */
final class JavaLiterals {

  private static final Set<String> KEYWORDS =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "true",
          "false",
          "null",
          "_");

  private JavaLiterals() {}

  /** A string literal holding exactly {@code text}. */
  static String string(String text) {
    return quote(text, '"');
  }

  /** A char literal holding {@code c}. */
  static String character(char c) {
    return quote(String.valueOf(c), '\'');
  }

  private static String quote(String text, char quote) {
    StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean afterBackslash = i > 0 && text.charAt(i - 1) == '\\';
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == 'u' && afterBackslash) {
        out.append("\\165"); // octal 'u': the output never holds a backslash-u pair
      } else if (c == '\b') {
        out.append("\\b");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\f') {
        out.append("\\f");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < 0x20 || c == 0x7f) {
        // Three octal digits always, so a following digit cannot extend the escape.
        out.append(String.format(Locale.ROOT, "\\%03o", (int) c));
      } else if (c > 0x7e) {
        // Never an ASCII char, so the translated escape cannot be a quote, backslash or newline.
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(quote).toString();
  }

  /**
   * Event text reduced to {@code [A-Za-z0-9_.$]}, at most {@code max} chars: safe in a comment,
   * where javac still translates unicode escapes and {@code *}{@code /} would end it.
   */
  static String commentSafe(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (isAsciiAlnum(c) || c == '_' || c == '.' || c == '$') {
        out.append(c);
      }
    }
    return out.length() == 0 ? "unknown" : out.toString();
  }

  /** {@code text} reduced to {@code [A-Za-z0-9]}, at most {@code max} chars (may be empty). */
  static String alphanumeric(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      if (isAsciiAlnum(text.charAt(i))) {
        out.append(text.charAt(i));
      }
    }
    return out.toString();
  }

  /** Whether {@code name} is a Java identifier (not a keyword or literal). */
  static boolean isIdentifier(String name) {
    if (name.isEmpty() || KEYWORDS.contains(name)) {
      return false;
    }
    if (!Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Character.isJavaIdentifierPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name} is dot-separated identifiers, e.g. a package or binary class name. */
  static boolean isQualifiedName(String name) {
    for (String part : name.split("\\.", -1)) {
      if (!isIdentifier(part)) {
        return false;
      }
    }
    return true;
  }

  static String capitalize(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  static String decapitalize(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  /** A {@code long} literal; the minimum value is legal source as the operand of unary minus. */
  static String longLiteral(long value) {
    return value + "L";
  }

  static String doubleLiteral(double value) {
    if (Double.isNaN(value)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    return Double.toString(value) + "d";
  }

  static String floatLiteral(float value) {
    if (Float.isNaN(value)) {
      return "Float.NaN";
    }
    if (Float.isInfinite(value)) {
      return value > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
    }
    return Float.toString(value) + "f";
  }

  /** The exact decimal value of a snapshot number, or null when it is not a plain number. */
  static BigDecimal decimal(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof java.math.BigInteger integer) {
      return new BigDecimal(integer);
    }
    return null;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
