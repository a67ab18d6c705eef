package dev.kintsugi.worker;

import java.util.ArrayList;
import java.util.List;

/**
 * The line protocol's text encoding: fields are separated by tabs, and backslashes, tabs and line
 * breaks inside a field are escaped so one message is always one line. The sandbox keeps an
 * identical copy ({@code dev.kintsugi.sandbox.testrun.Wire}; it never loads worker classes), so
 * both sides must change together.
 */
final class Wire {

  private Wire() {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        out.append(c);
        continue;
      }
      char next = text.charAt(++i);
      switch (next) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        default -> out.append(next);
      }
    }
    return out.toString();
  }

  /** Joins already unescaped fields into one line, escaping each. */
  static String line(String... fields) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      out.append(escape(fields[i]));
    }
    return out.toString();
  }

  /** Splits a line at tabs and unescapes each field. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    for (int tab = line.indexOf('\t'); tab >= 0; tab = line.indexOf('\t', start)) {
      fields.add(unescape(line.substring(start, tab)));
      start = tab + 1;
    }
    fields.add(unescape(line.substring(start)));
    return fields;
  }
}
