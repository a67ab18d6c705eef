package dev.kintsugi.heal.validate;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.kintsugi.core.repair.FileChange;
import java.util.ArrayList;
import java.util.List;

/** Counts and locates the lines a change touches, via a line diff (java-diff-utils). */
public final class ChangedLines {

  private ChangedLines() {}

  /** Lines changed: for each hunk the larger of removed and added line counts. */
  public static int count(FileChange change) {
    int total = 0;
    for (AbstractDelta<String> delta : deltas(change)) {
      total += Math.max(delta.getSource().size(), delta.getTarget().size());
    }
    return total;
  }

  /**
   * The 1-based line numbers of the original file that the change touches; a pure insertion reports
   * the line it is inserted before.
   */
  public static List<Integer> originalLines(FileChange change) {
    List<Integer> lines = new ArrayList<>();
    for (AbstractDelta<String> delta : deltas(change)) {
      int start = delta.getSource().getPosition() + 1;
      int size = Math.max(1, delta.getSource().size());
      for (int i = 0; i < size; i++) {
        lines.add(start + i);
      }
    }
    return lines;
  }

  static List<AbstractDelta<String>> deltas(FileChange change) {
    return DiffUtils.diff(lines(change.before()), lines(change.after())).getDeltas();
  }

  static List<String> lines(String text) {
    return List.of(text.split("\n", -1));
  }
}
