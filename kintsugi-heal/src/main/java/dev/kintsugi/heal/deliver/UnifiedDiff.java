package dev.kintsugi.heal.deliver;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.kintsugi.core.repair.FileChange;
import java.util.Arrays;
import java.util.List;

/** Renders file changes as a unified diff in git's format (a/ and b/ prefixes, 3 context lines). */
public final class UnifiedDiff {

  private UnifiedDiff() {}

  public static String of(List<FileChange> changes) {
    StringBuilder out = new StringBuilder();
    for (FileChange change : changes) {
      List<String> before = Arrays.asList(change.before().split("\n", -1));
      List<String> after = Arrays.asList(change.after().split("\n", -1));
      Patch<String> patch = DiffUtils.diff(before, after);
      out.append("diff --git a/")
          .append(change.file())
          .append(" b/")
          .append(change.file())
          .append('\n');
      for (String line :
          UnifiedDiffUtils.generateUnifiedDiff(
              "a/" + change.file(), "b/" + change.file(), before, patch, 3)) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }
}
