package dev.kintsugi.llm;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.javaparser.ParseResult;
import com.github.javaparser.Position;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
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
 * the rest of the file stays byte-identical; line endings are kept. Never writes files.
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

  /** Thrown inside this class for an edit that cannot be applied; turned into a reason. */
  private static final class Unappliable extends Exception {
    private static final long serialVersionUID = 1L;

    Unappliable(String message) {
      super(message, null, false, false);
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
      return keepUnchangedLines(lines, Lines.of(whole.code()).lines());
    }
    if (edit instanceof WholeMethods methods) {
      return replaceMethods(methods, file, text);
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

  /**
   * Where {@code needle} occurs in {@code haystack}, nearest to {@code preferred}: exact lines
   * first, then lines equal without surrounding whitespace; -1 when neither.
   */
  static int find(List<String> haystack, List<String> needle, int preferred) {
    int exact = nearest(haystack, needle, preferred, false);
    return exact >= 0 ? exact : nearest(haystack, needle, preferred, true);
  }

  private static int nearest(
      List<String> haystack, List<String> needle, int preferred, boolean loose) {
    int best = -1;
    int bestDistance = Integer.MAX_VALUE;
    for (int i = 0; i + needle.size() <= haystack.size(); i++) {
      if (matchesAt(haystack, needle, i, loose)) {
        int distance = Math.abs(i - preferred);
        if (distance < bestDistance) {
          best = i;
          bestDistance = distance;
        }
      }
    }
    return best;
  }

  private static boolean matchesAt(List<String> hay, List<String> needle, int at, boolean loose) {
    for (int k = 0; k < needle.size(); k++) {
      String a = hay.get(at + k);
      String b = needle.get(k);
      if (loose ? !normal(a).equals(normal(b)) : !a.equals(b)) {
        return false;
      }
    }
    return true;
  }

  private static String normal(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  /**
   * The replacement lines, shifted by the indentation difference between the lines the model quoted
   * and the lines actually matched.
   */
  static List<String> reindent(List<String> quoted, List<String> replace, List<String> matched) {
    String from = null;
    String to = null;
    for (int k = 0; k < Math.min(quoted.size(), matched.size()); k++) {
      if (!quoted.get(k).isBlank()) {
        from = indent(quoted.get(k));
        to = indent(matched.get(k));
        break;
      }
    }
    if (from == null || from.equals(to)) {
      return replace;
    }
    List<String> out = new ArrayList<>();
    for (String line : replace) {
      if (line.isBlank()) {
        out.add(line);
      } else if (line.startsWith(from)) {
        out.add(to + line.substring(from.length()));
      } else {
        out.add(to + line.stripLeading());
      }
    }
    return out;
  }

  private static String indent(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(0, i);
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

  /**
   * The model's whole file, except that lines it only re-indented or re-spaced keep the original's
   * bytes: the diff stays as small as the real change.
   */
  private static String keepUnchangedLines(Lines original, List<String> proposed) {
    List<String> target = new ArrayList<>(proposed);
    while (!target.isEmpty() && target.get(target.size() - 1).isEmpty()) {
      target.remove(target.size() - 1);
    }
    List<String> src = new ArrayList<>(original.lines());
    boolean trailingNewline = !src.isEmpty() && src.get(src.size() - 1).isEmpty();
    if (trailingNewline) {
      src.remove(src.size() - 1);
    }
    List<String> srcNorm = src.stream().map(PatchApplier::normal).toList();
    List<String> tgtNorm = target.stream().map(PatchApplier::normal).toList();
    List<AbstractDelta<String>> deltas = DiffUtils.diff(srcNorm, tgtNorm).getDeltas();
    double ratio = indentRatio(src, target, deltas);
    List<String> out = new ArrayList<>();
    int s = 0;
    for (AbstractDelta<String> delta : deltas) {
      int pos = delta.getSource().getPosition();
      out.addAll(src.subList(s, pos));
      int t = delta.getTarget().getPosition();
      for (String line : target.subList(t, t + delta.getTarget().size())) {
        out.add(scaleIndent(line, ratio));
      }
      s = pos + delta.getSource().size();
    }
    out.addAll(src.subList(s, src.size()));
    if (trailingNewline) {
      out.add("");
    }
    return original.join(out);
  }

  /** How the original's indentation relates to the model's (2 vs 4 spaces: 0.5); 1 if unsure. */
  private static double indentRatio(
      List<String> src, List<String> target, List<AbstractDelta<String>> deltas) {
    List<Double> ratios = new ArrayList<>();
    int s = 0;
    int t = 0;
    List<int[]> pairs = new ArrayList<>();
    for (AbstractDelta<String> delta : deltas) {
      while (s < delta.getSource().getPosition()) {
        pairs.add(new int[] {s++, t++});
      }
      s += delta.getSource().size();
      t += delta.getTarget().size();
    }
    while (s < src.size() && t < target.size()) {
      pairs.add(new int[] {s++, t++});
    }
    for (int[] pair : pairs) {
      String a = indent(src.get(pair[0]));
      String b = indent(target.get(pair[1]));
      if (!a.isEmpty() && !b.isEmpty() && !a.contains("\t") && !b.contains("\t")) {
        ratios.add((double) a.length() / b.length());
      }
    }
    if (ratios.isEmpty()) {
      return 1.0;
    }
    ratios.sort(null);
    return ratios.get(ratios.size() / 2);
  }

  private static String scaleIndent(String line, double ratio) {
    String indent = indent(line);
    if (ratio == 1.0 || indent.isEmpty() || indent.contains("\t")) {
      return line;
    }
    int width = (int) Math.round(indent.length() * ratio);
    return " ".repeat(width) + line.substring(indent.length());
  }

  private String replaceMethods(WholeMethods methods, String file, String text) throws Unappliable {
    ParseResult<CompilationUnit> original = ReplyParser.parser().parse(text);
    if (!original.isSuccessful() || original.getResult().isEmpty()) {
      throw new Unappliable(file + " does not parse, cannot replace methods in it");
    }
    String wrapped = "class K__ {\n" + methods.code() + "\n}";
    ParseResult<CompilationUnit> reply = ReplyParser.parser().parse(wrapped);
    if (!reply.isSuccessful() || reply.getResult().isEmpty()) {
      throw new Unappliable("the methods in the reply do not parse");
    }
    List<CallableDeclaration<?>> existing = new ArrayList<>();
    original.getResult().get().walk(CallableDeclaration.class, c -> existing.add(c));
    Lines wrappedLines = Lines.of(wrapped);
    Lines textLines = Lines.of(text);
    record Replacement(int start, int end, String code) {}
    List<Replacement> replacements = new ArrayList<>();
    for (BodyDeclaration<?> member : reply.getResult().get().getType(0).getMembers()) {
      if (!(member instanceof CallableDeclaration<?> proposed)) {
        continue;
      }
      CallableDeclaration<?> match = match(existing, proposed);
      if (match == null) {
        throw new Unappliable(
            "method " + proposed.getNameAsString() + " of the reply is not in " + file);
      }
      Range from = match.getRange().orElseThrow(() -> new Unappliable("no position"));
      Range code = proposed.getRange().orElseThrow(() -> new Unappliable("no position"));
      String newCode = wrappedLines.slice(code);
      String indent = indent(textLines.lines().get(from.begin.line - 1));
      String quotedIndent = indent(wrappedLines.lines().get(code.begin.line - 1));
      List<String> reindented =
          reindent(
              List.of(quotedIndent + "x"),
              Arrays.asList(newCode.split("\n", -1)),
              List.of(indent + "x"));
      // the first line starts at the declaration's column: no indentation of its own
      List<String> codeLines = new ArrayList<>(reindented);
      codeLines.set(0, codeLines.get(0).stripLeading());
      replacements.add(
          new Replacement(
              textLines.offset(from.begin),
              textLines.offset(from.end) + 1,
              String.join("\n", codeLines)));
    }
    replacements.sort((a, b) -> Integer.compare(b.start(), a.start()));
    String normalized = String.join("\n", textLines.lines());
    StringBuilder sb = new StringBuilder(normalized);
    for (Replacement r : replacements) {
      sb.replace(r.start(), r.end(), r.code());
    }
    Lines result = Lines.of(sb.toString());
    return textLines.join(result.lines());
  }

  private static CallableDeclaration<?> match(
      List<CallableDeclaration<?>> existing, CallableDeclaration<?> proposed) {
    String name = proposed.getNameAsString();
    List<CallableDeclaration<?>> sameName =
        existing.stream().filter(c -> c.getNameAsString().equals(name)).toList();
    String signature = params(proposed);
    for (CallableDeclaration<?> c : sameName) {
      if (params(c).equals(signature)) {
        return c;
      }
    }
    return sameName.size() == 1 ? sameName.get(0) : null;
  }

  private static String params(CallableDeclaration<?> c) {
    return c.getParameters().stream()
        .map(p -> p.getType().asString() + (p.isVarArgs() ? "..." : ""))
        .toList()
        .toString();
  }

  /** A text as lines (without line terminators), remembering its line separator. */
  record Lines(List<String> lines, String separator) {
    static Lines of(String text) {
      String sep = text.contains("\r\n") ? "\r\n" : "\n";
      String normal = text.replace("\r\n", "\n");
      return new Lines(List.of(normal.split("\n", -1)), sep);
    }

    String join(List<String> out) {
      return String.join(separator, out);
    }

    /** Character offset of a 1-based JavaParser position in the '\n'-joined text. */
    int offset(Position p) {
      int offset = 0;
      for (int i = 0; i < p.line - 1; i++) {
        offset += lines.get(i).length() + 1;
      }
      return offset + p.column - 1;
    }

    String slice(Range r) {
      String joined = String.join("\n", lines);
      return joined.substring(offset(r.begin), offset(r.end) + 1);
    }
  }
}
