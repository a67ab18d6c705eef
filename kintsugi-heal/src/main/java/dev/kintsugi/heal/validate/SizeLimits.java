package dev.kintsugi.heal.validate;

/**
 * How large a fix may be.
 *
 * @param maxChangedLines changed lines over all files (default 10)
 * @param maxFiles changed files (default 3)
 */
public record SizeLimits(int maxChangedLines, int maxFiles) {

  public static final SizeLimits DEFAULT = new SizeLimits(10, 3);

  public SizeLimits {
    if (maxChangedLines < 1) {
      throw new IllegalArgumentException("maxChangedLines must be >= 1, was " + maxChangedLines);
    }
    if (maxFiles < 1) {
      throw new IllegalArgumentException("maxFiles must be >= 1, was " + maxFiles);
    }
  }
}
