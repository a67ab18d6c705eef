package dev.kintsugi.bench.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A minimal JSON writer for the results file. */
final class Json {

  private final Map<String, Object> fields;
  private final List<?> items;

  private Json(Map<String, Object> fields, List<?> items) {
    this.fields = fields;
    this.items = items;
  }

  static Json object() {
    return new Json(new LinkedHashMap<>(), null);
  }

  static Json array(List<?> items) {
    return new Json(null, List.copyOf(items));
  }

  Json put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    write(this, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Json json && json.fields != null) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> field : json.fields.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        string(field.getKey(), out);
        out.append(':');
        write(field.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof Json json) {
      writeList(json.items, out);
    } else if (value instanceof List<?> list) {
      writeList(list, out);
    } else if (value instanceof Double d) {
      out.append(String.format(Locale.ROOT, "%.4f", d));
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(value.toString(), out);
    }
  }

  private static void writeList(List<?> list, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      out.append(i == 0 ? "" : ",");
      write(list.get(i), out);
    }
    out.append(']');
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
