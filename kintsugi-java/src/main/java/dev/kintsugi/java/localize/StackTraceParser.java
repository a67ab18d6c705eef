package dev.kintsugi.java.localize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts frames with a file and line from a stack trace's text. The text is untrusted: lines that
 * do not have the exact frame shape are ignored, nothing else is interpreted.
 */
final class StackTraceParser {

  // "at [module/]pkg.Class$Inner.method(File.java:12)"; module prefixes as printed since Java 9.
  private static final Pattern FRAME =
      Pattern.compile(
          "^\\s*at\\s+(?:[\\w.$@-]*/){0,2}([\\w.$]+)\\.([\\w$<>]+)\\(([\\w$.-]+\\.java):(\\d+)\\)\\s*$");

  private StackTraceParser() {}

  static List<StackFrame> parse(String trace) {
    List<StackFrame> frames = new ArrayList<>();
    for (String line : trace.split("\\R")) {
      Matcher m = FRAME.matcher(line);
      if (m.matches()) {
        try {
          frames.add(
              new StackFrame(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4))));
        } catch (NumberFormatException ignored) {
          // line number too large: not a real frame
        }
      }
    }
    return frames;
  }
}
