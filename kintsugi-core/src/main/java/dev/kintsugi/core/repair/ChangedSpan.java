package dev.kintsugi.core.repair;

/**
 * Where two versions of a text differ, as one span: what lies between their common prefix and
 * common suffix. {@code [start, beforeEnd)} of the old text became {@code [start, afterEnd)} of the
 * new one; both empty when the texts are equal.
 */
public record ChangedSpan(int start, int beforeEnd, int afterEnd) {

  public static ChangedSpan of(String before, String after) {
    int max = Math.min(before.length(), after.length());
    int prefix = 0;
    while (prefix < max && before.charAt(prefix) == after.charAt(prefix)) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < max - prefix
        && before.charAt(before.length() - 1 - suffix)
            == after.charAt(after.length() - 1 - suffix)) {
      suffix++;
    }
    return new ChangedSpan(prefix, before.length() - suffix, after.length() - suffix);
  }

  /** Characters removed plus characters inserted: how big the change reads in a diff. */
  public int size() {
    return (beforeEnd - start) + (afterEnd - start);
  }

  public boolean empty() {
    return size() == 0;
  }
}
