package dev.kintsugi.sandbox.process;

import java.util.ArrayDeque;

/** The last lines of a stream of output; thread-safe. */
final class OutputTail {

  private final int maxLines;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  OutputTail(int maxLines) {
    this.maxLines = maxLines;
  }

  synchronized void add(String line) {
    if (lines.size() == maxLines) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  @Override
  public synchronized String toString() {
    return String.join("\n", lines);
  }
}
