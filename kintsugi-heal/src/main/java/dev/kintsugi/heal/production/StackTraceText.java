package dev.kintsugi.heal.production;

import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import java.util.List;

/**
 * A production error's root cause as a Java stack trace text ({@code at a.B.m(B.java:12)} lines,
 * throw site first), for the fault localizer, which scores frames the same way it scores failing
 * tests' traces.
 *
 * <p>The exception message is left out: it is untrusted text and localization needs only frames.
 */
final class StackTraceText {

  private StackTraceText() {}

  static String of(ProductionError error) {
    if (error.rootCause().isEmpty()) {
      return "";
    }
    CapturedException root = error.rootCause().get();
    StringBuilder out = new StringBuilder(safe(root.type())).append('\n');
    List<CapturedFrame> frames = root.frames();
    for (int i = frames.size() - 1; i >= 0; i--) {
      CapturedFrame f = frames.get(i);
      out.append("\tat ")
          .append(safe(f.className()))
          .append('.')
          .append(safe(f.method()))
          .append('(');
      if (f.fileName().isEmpty()) {
        out.append("Unknown Source");
      } else {
        out.append(safe(f.fileName()));
        if (f.line() > 0) {
          out.append(':').append(f.line());
        }
      }
      out.append(")\n");
    }
    return out.toString();
  }

  /** Only characters that can appear in JVM names and file names; anything else becomes '_'. */
  private static String safe(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      b.append(Character.isLetterOrDigit(c) || "._$<>-".indexOf(c) >= 0 ? c : '_');
    }
    return b.toString();
  }
}
