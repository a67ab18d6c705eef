package dev.kintsugi.java.repro;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a snapshot back as plain JSON for Jackson's {@code readValue}: {@code @class} tags are
 * dropped (Jackson binds by the declared field types) and number-like value objects become their
 * text. java.time values would need a module the project may not register, so they are refused.
 */
final class SnapshotJson {

  private static final Set<String> TEXT_VALUES =
      Set.of("java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID");

  private SnapshotJson() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean flag) {
      out.append(flag);
    } else if (value instanceof Number) {
      BigDecimal decimal = JavaLiterals.decimal(value);
      if (decimal == null) {
        throw new Unrebuildable("holds a number Jackson cannot read");
      }
      out.append(decimal.toString());
    } else if (value instanceof String text) {
      string(text, out);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
        write(it.next(), out);
        out.append(it.hasNext() ? "," : "");
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      object(map, out);
    } else {
      throw new Unrebuildable("holds a value Jackson cannot read");
    }
  }

  private static void object(Map<?, ?> map, StringBuilder out) {
    Object type = map.get("@class");
    if (type instanceof String name && TEXT_VALUES.contains(name)) {
      write(map.get("value"), out);
      return;
    }
    if (type instanceof String name && name.startsWith("java.time.")) {
      throw new Unrebuildable("holds a java.time value, which Jackson reads only with a module");
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if ("@class".equals(entry.getKey())) {
        continue;
      }
      out.append(first ? "" : ",");
      first = false;
      string(String.valueOf(entry.getKey()), out);
      out.append(':');
      write(entry.getValue(), out);
    }
    out.append('}');
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
