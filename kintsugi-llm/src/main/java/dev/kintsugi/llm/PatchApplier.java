package dev.kintsugi.llm;

import static dev.kintsugi.llm.Indentation.reindent;
import static dev.kintsugi.llm.LineSearch.find;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.ScrubMasks;
import dev.kintsugi.llm.Edit.FileDiff;
import dev.kintsugi.llm.Edit.Hunk;
import dev.kintsugi.llm.Edit.SearchReplace;
import dev.kintsugi.llm.Edit.WholeFile;
import dev.kintsugi.llm.Edit.WholeMethods;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies parsed reply edits to workspace files in memory, tolerantly: exact text first, then lines
 * compared without surrounding whitespace (re-indenting the replacement), near the line a hunk
 * claims but at any offset. Lines the model only re-indented or re-wrapped stay as they were, so
 * the rest of the file stays byte-identical; line endings are kept. Never writes files. A whole
 * file is merged by {@link WholeFileMerge}, whole methods are put in by {@link MethodReplacer}.
 */
final class PatchApplier {

  /** The changed files, or why the edits could not be applied. */
  record Result(List<FileChange> changes, String problem) {
    static Result failed(String problem) {
      return new Result(List.of(), problem);
    }

    boolean ok() {
      return problem.isEmpty();
    }
  }

  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile(
          "(?m)^\\s*(?:public\\s+)?(?:(?:abstract|final|sealed|non-sealed|static|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)");

  private final WorkspaceFiles files;
  private final String defaultFile;
  private final int preferredLine;

  /**
   * @param defaultFile the file an edit that names no file applies to (the top suspicious one)
   * @param preferredLine where to prefer a match when the text occurs several times (1-based)
   */
  PatchApplier(WorkspaceFiles files, String defaultFile, int preferredLine) {
    this.files = files;
    this.defaultFile = defaultFile;
    this.preferredLine = preferredLine;
  }

  Result apply(List<Edit> edits) {
    Map<String, String> before = new LinkedHashMap<>();
    Map<String, String> after = new LinkedHashMap<>();
    try {
      for (Edit edit : edits) {
        String file = target(edit);
        String original =
            files.read(file).orElseThrow(() -> new Unappliable("cannot read " + file));
        before.putIfAbsent(file, original);
        String current = after.getOrDefault(file, original);
        after.put(file, applyOne(edit, file, current));
      }
    } catch (Unappliable e) {
      return Result.failed(e.getMessage());
    }
    List<FileChange> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : after.entrySet()) {
      String original = before.get(e.getKey());
      if (e.getValue().equals(original)) {
        continue;
      }
      if (e.getValue().contains(ScrubMasks.FILTERED) && !original.contains(ScrubMasks.FILTERED)) {
        return Result.failed(
            "edit of " + e.getKey() + " contains a scrubbed-secret placeholder; refusing it");
      }
      if (e.getKey().endsWith(".java")) {
        ParseResult<CompilationUnit> parsed = ReplyParser.parser().parse(e.getValue());
        if (!parsed.isSuccessful()) {
          return Result.failed(
              "patched " + e.getKey() + " does not parse (truncated or broken reply)");
        }
      }
      changes.add(new FileChange(e.getKey(), original, e.getValue()));
    }
    if (changes.isEmpty()) {
      return Result.failed("the edits change nothing");
    }
    return new Result(changes, "");
  }

  private String target(Edit edit) throws Unappliable {
    if (edit.path() != null) {
      Optional<String> resolved = files.resolve(edit.path());
      if (resolved.isPresent()) {
        return resolved.get();
      }
      if (!(edit instanceof WholeFile)) {
        throw new Unappliable(
            "names a file that is not in the workspace: " + shortName(edit.path()));
      }
    }
    if (edit instanceof WholeFile whole) {
      Optional<String> byDeclaration = declaredFile(whole.code());
      if (byDeclaration.isPresent()) {
        return byDeclaration.get();
      }
      if (edit.path() != null) {
        throw new Unappliable(
            "would create a new file " + shortName(edit.path()) + ": not supported");
      }
    }
    if (defaultFile == null) {
      throw new Unappliable("names no file and there is no suspicious file to apply it to");
    }
    return defaultFile;
  }

  private Optional<String> declaredFile(String code) {
    Matcher type = TYPE.matcher(code);
    if (!type.find()) {
      return Optional.empty();
    }
    Matcher pkg = PACKAGE.matcher(code);
    String name =
        (pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "") + type.group(1) + ".java";
    return files.resolve(name);
  }

  private static String shortName(String path) {
    String p = path.length() > 120 ? path.substring(0, 120) + "..." : path;
    return p.replaceAll("[\\p{Cntrl}]", "?");
  }

  private String applyOne(Edit edit, String file, String text) throws Unappliable {
    Lines lines = Lines.of(text);
    if (edit instanceof SearchReplace sr) {
      return searchReplace(sr, file, lines);
    }
    if (edit instanceof FileDiff diff) {
      List<String> current = new ArrayList<>(lines.lines());
      int shift = 0;
      for (Hunk hunk : diff.hunks()) {
        shift = applyHunk(hunk, file, current, shift);
      }
      return lines.join(current);
    }
    if (edit instanceof WholeFile whole) {
      return WholeFileMerge.keepUnchangedLines(lines, Lines.of(whole.code()).lines());
    }
    if (edit instanceof WholeMethods methods) {
      return MethodReplacer.replace(methods, file, text);
    }
    throw new Unappliable("unknown edit form");
  }

  private String searchReplace(SearchReplace sr, String file, Lines lines) throws Unappliable {
    List<String> search = trimBlankEnds(Arrays.asList(sr.search().split("\n", -1)));
    List<String> replace = Arrays.asList(sr.replace().split("\n", -1));
    if (search.isEmpty()) {
      throw new Unappliable("empty SEARCH block for " + file);
    }
    List<String> current = lines.lines();
    int at = find(current, search, preferredLine - 1);
    if (at < 0) {
      throw new Unappliable("SEARCH text not found in " + file);
    }
    List<String> out = new ArrayList<>(current.subList(0, at));
    out.addAll(reindent(search, replace, current.subList(at, at + search.size())));
    out.addAll(current.subList(at + search.size(), current.size()));
    return lines.join(out);
  }

  private int applyHunk(Hunk hunk, String file, List<String> current, int shift)
      throws Unappliable {
    List<String> old = hunk.oldLines();
    List<String> neu = hunk.newLines();
    int expected = hunk.oldStart() > 0 ? hunk.oldStart() - 1 + shift : preferredLine - 1;
    int at;
    List<String> oldTrimmed = trimBlankEnds(old);
    if (old.isEmpty()) {
      at = Math.max(0, Math.min(current.size(), expected));
    } else {
      at = find(current, old, expected);
      if (at < 0 && !oldTrimmed.equals(old) && !oldTrimmed.isEmpty()) {
        int lead = leadingBlanks(old);
        int t = find(current, oldTrimmed, expected + lead);
        if (t >= 0) {
          // The model added or dropped blank context lines at the ends: apply without them.
          old = oldTrimmed;
          neu = trimLines(neu, lead, old.size(), hunk);
          at = t;
        }
      }
      if (at < 0) {
        throw new Unappliable(
            "diff hunk"
                + (hunk.oldStart() > 0 ? " at line " + hunk.oldStart() : "")
                + " does not match "
                + file);
      }
    }
    // Context lines keep the file's bytes; added lines are re-indented like their neighbours.
    List<String> matched = current.subList(at, at + old.size());
    List<String> replacement = new ArrayList<>();
    List<String> added = new ArrayList<>();
    int oi = 0;
    List<String> body = hunk.lines();
    boolean trimmed = old.size() != hunk.oldLines().size();
    if (trimmed) {
      replacement.addAll(reindent(old, neu, matched));
    } else {
      for (String line : body) {
        char c = line.charAt(0);
        if (c == '+') {
          added.add(line.substring(1));
          continue;
        }
        if (!added.isEmpty()) {
          replacement.addAll(reindent(old, added, matched));
          added.clear();
        }
        if (c == ' ') {
          replacement.add(matched.get(oi));
        }
        oi++;
      }
      if (!added.isEmpty()) {
        replacement.addAll(reindent(old, added, matched));
      }
    }
    List<String> tail = new ArrayList<>(current.subList(at + old.size(), current.size()));
    while (current.size() > at) {
      current.remove(current.size() - 1);
    }
    current.addAll(replacement);
    current.addAll(tail);
    int claimed = hunk.oldStart() > 0 ? hunk.oldStart() - 1 : at;
    return shift + (at - (claimed + shift)) + (replacement.size() - old.size());
  }

  private static List<String> trimLines(List<String> neu, int lead, int size, Hunk hunk) {
    int trailing = hunk.oldLines().size() - lead - size;
    int end = Math.max(lead, neu.size() - trailing);
    return new ArrayList<>(neu.subList(Math.min(lead, neu.size()), end));
  }

  private static int leadingBlanks(List<String> lines) {
    int n = 0;
    while (n < lines.size() && lines.get(n).isBlank()) {
      n++;
    }
    return n;
  }

  private static List<String> trimBlankEnds(List<String> lines) {
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isBlank()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isBlank()) {
      to--;
    }
    return lines.subList(from, to);
  }
}
