package dev.kintsugi.heal.loop;

import java.io.PrintStream;
import java.util.Locale;

/** Receives progress lines as the heal goes (stage, message); the CLI prints them. */
@FunctionalInterface
public interface Progress {

  void report(String stage, String message);

  /** Ignores everything. */
  static Progress silent() {
    return (stage, message) -> {};
  }

  /** Prints {@code [ 12.3s] stage message} lines, elapsed since creation. */
  static Progress printingTo(PrintStream out) {
    long start = System.nanoTime();
    return (stage, message) ->
        out.printf(
            Locale.ROOT, "[%6.1fs] %-9s %s%n", (System.nanoTime() - start) / 1e9, stage, message);
  }
}
