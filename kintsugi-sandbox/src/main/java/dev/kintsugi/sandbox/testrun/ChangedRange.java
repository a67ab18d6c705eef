package dev.kintsugi.sandbox.testrun;

/** The lines of a file that an edit replaced, found by the common prefix and suffix of lines. */
final class ChangedRange {

  private ChangedRange() {}

  /**
   * The first and last line (1-based) of {@code before} that differ from {@code after}; for a pure
   * insertion {@code last} is {@code first - 1} (the edit sits between those two lines).
   */
  static int[] of(String before, String after) {
    String[] old = before.split("\n", -1);
    String[] now = after.split("\n", -1);
    int prefix = 0;
    while (prefix < old.length && prefix < now.length && old[prefix].equals(now[prefix])) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < old.length - prefix
        && suffix < now.length - prefix
        && old[old.length - 1 - suffix].equals(now[now.length - 1 - suffix])) {
      suffix++;
    }
    return new int[] {prefix + 1, old.length - suffix};
  }
}
