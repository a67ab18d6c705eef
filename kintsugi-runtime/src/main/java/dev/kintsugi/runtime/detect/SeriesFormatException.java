package dev.kintsugi.runtime.detect;

/** A CSV series that cannot be scored; the message names the source and line. */
public final class SeriesFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int line;

  SeriesFormatException(String source, int line, String problem) {
    super(source + (line > 0 ? ":" + line : "") + ": " + problem);
    this.line = line;
  }

  /** The 1-based line of the problem, 0 when it is about the whole file (e.g. empty). */
  public int line() {
    return line;
  }
}
