package dev.kintsugi.agent.internal.snapshot;

/** How much of a frame's values a snapshot may hold. Immutable. */
public final class SnapshotLimits {
  private final int maxDepth;
  private final int maxStringChars;
  private final int maxElements;
  private final int maxEntries;
  private final int maxFields;
  private final int maxFrameChars;

  /**
   * @param maxDepth nesting below an argument before {@code "<kintsugi:depth>"}
   * @param maxStringChars characters kept of a string
   * @param maxElements elements kept of an array or collection
   * @param maxEntries entries kept of a map
   * @param maxFields fields kept of an object
   * @param maxFrameChars JSON characters of one frame's snapshot after which nothing more is added
   */
  public SnapshotLimits(
      int maxDepth,
      int maxStringChars,
      int maxElements,
      int maxEntries,
      int maxFields,
      int maxFrameChars) {
    if (maxDepth < 0
        || maxStringChars < 1
        || maxElements < 0
        || maxEntries < 0
        || maxFields < 0
        || maxFrameChars < 16) {
      throw new IllegalArgumentException("snapshot limits out of range");
    }
    this.maxDepth = maxDepth;
    this.maxStringChars = maxStringChars;
    this.maxElements = maxElements;
    this.maxEntries = maxEntries;
    this.maxFields = maxFields;
    this.maxFrameChars = maxFrameChars;
  }

  /** The contract's limits: depth 4, 1024 chars, 100 elements, 100 entries, 50 fields, 16 KiB. */
  public static SnapshotLimits defaults() {
    return new SnapshotLimits(4, 1024, 100, 100, 50, 16 * 1024);
  }

  int maxDepth() {
    return maxDepth;
  }

  int maxStringChars() {
    return maxStringChars;
  }

  int maxElements() {
    return maxElements;
  }

  int maxEntries() {
    return maxEntries;
  }

  int maxFields() {
    return maxFields;
  }

  int maxFrameChars() {
    return maxFrameChars;
  }
}
