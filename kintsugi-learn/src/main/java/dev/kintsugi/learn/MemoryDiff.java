package dev.kintsugi.learn;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import dev.kintsugi.core.repair.FileChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fix memory's diff format, written when a fix is remembered and read back to replay it: a
 * unified diff per changed file ({@code --- a/FILE}, {@code +++ b/FILE}, 3 lines of context), over
 * the text with {@code \n} line ends. Replaying uses java-diff-utils' fuzzy apply: each hunk is
 * looked for at its recorded line, then ever farther from it (so it applies where lines moved), and
 * at fuzz 1 and 2 its outermost context lines may differ, as in GNU patch.
 */
final class MemoryDiff {

  private static final int CONTEXT = 3;
  private static final int MAX_FUZZ = 2;

  private MemoryDiff() {}

  /** One file's part of a remembered diff. */
  record FilePatch(String file, Patch<String> patch) {}

  /** The diff of these changes, in this format. */
  static String of(List<FileChange> changes) {
    StringBuilder out = new StringBuilder();
    for (FileChange change : changes) {
      List<String> before = lines(change.before());
      List<String> after = lines(change.after());
      Patch<String> patch = DiffUtils.diff(before, after);
      for (String line :
          UnifiedDiffUtils.generateUnifiedDiff(
              "a/" + change.file(), "b/" + change.file(), before, patch, CONTEXT)) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The per-file patches of a diff in this format; lines before the first file header are ignored.
   *
   * @throws IllegalArgumentException when it names no file or a file has no hunk
   */
  static List<FilePatch> parse(String diff) {
    List<String> lines = Arrays.asList(diff.replace("\r\n", "\n").split("\n"));
    List<Integer> headers = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("--- ") && lines.get(i + 1).startsWith("+++ ")) {
        headers.add(i);
      }
    }
    if (headers.isEmpty()) {
      throw new IllegalArgumentException("no file header (--- a/FILE, +++ b/FILE)");
    }
    List<FilePatch> patches = new ArrayList<>();
    for (int h = 0; h < headers.size(); h++) {
      int from = headers.get(h);
      int to = h + 1 < headers.size() ? headers.get(h + 1) : lines.size();
      String file = path(lines.get(from + 1).substring(4), lines.get(from).substring(4));
      // one file at a time: parseUnifiedDiff would read a second file's header as hunk lines
      Patch<String> patch = UnifiedDiffUtils.parseUnifiedDiff(lines.subList(from, to));
      if (patch.getDeltas().isEmpty()) {
        throw new IllegalArgumentException("no hunk for " + file);
      }
      patches.add(new FilePatch(file, patch));
    }
    return patches;
  }

  /**
   * {@code text} with the patch applied, its line ends ({@code \r\n} or {@code \n}) kept.
   *
   * @throws PatchFailedException when a hunk matches nowhere, even with fuzz
   */
  static String apply(FilePatch patch, String text) throws PatchFailedException {
    boolean crlf = text.contains("\r\n");
    List<String> patched = patch.patch().applyFuzzy(lines(text), MAX_FUZZ);
    String out = String.join("\n", patched);
    return crlf ? out.replace("\n", "\r\n") : out;
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.replace("\r\n", "\n").split("\n", -1));
  }

  /** The path after {@code b/} (or after {@code a/} for a deletion to {@code /dev/null}). */
  private static String path(String newName, String oldName) {
    String name = newName.strip().equals("/dev/null") ? oldName.strip() : newName.strip();
    return name.startsWith("a/") || name.startsWith("b/") ? name.substring(2) : name;
  }
}
