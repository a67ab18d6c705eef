package dev.kintsugi.llm;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.learn.FixExample;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The context a model gets, most relevant first, each untrusted piece fenced and labelled: the
 * failing tests' output, earlier attempts' verdicts, the suspicious lines with their code, the
 * enclosing file, the failing tests' source, similar past fixes, then the project types the file
 * imports or uses (one level, then two). Sections are added while they fit the token budget; a
 * section that does not fit is cut, or left out and listed as omitted. Tokens are counted with the
 * model family's tokenizer ({@link TokenCounter}), and the finished pack is measured whole, so it
 * never exceeds the budget by that count.
 */
final class ContextPack {

  private static final int MAX_TESTS = 5;
  private static final int MAX_MESSAGE = 2_000;
  private static final int MAX_FRAMES = 25;
  private static final int SNIPPET_RADIUS = 6;
  private static final int MAX_LOCATIONS = 10;
  private static final Pattern TYPE_NAME = Pattern.compile("\\b([A-Z][A-Za-z0-9_]*)\\b");

  /** Kept free for the line listing what was left out. */
  private static final int TRAILER_RESERVE = 40;

  /** Less room than this and a section is left out rather than cut to a stub. */
  private static final int MIN_CUT_TOKENS = 300;

  /**
   * Allowed per section for the join: a tokenizer may merge or split the text where two sections
   * meet, so a pack's count is not quite the sum of its sections'.
   */
  private static final int JOIN_SLACK = 2;

  private final UntrustedText untrusted;
  private final WorkspaceFiles files;
  private final int budgetTokens;
  private final TokenCounter tokens;
  private final StringBuilder out = new StringBuilder();
  private final List<Integer> sectionStarts = new ArrayList<>();
  private final List<String> sectionLabels = new ArrayList<>();
  private int used;
  private final List<String> omitted = new ArrayList<>();
  private final Set<String> included = new LinkedHashSet<>();

  ContextPack(
      UntrustedText untrusted, WorkspaceFiles files, int budgetTokens, TokenCounter tokens) {
    this.untrusted = untrusted;
    this.files = files;
    this.budgetTokens = budgetTokens;
    this.tokens = tokens;
  }

  /** What a pack is built from. */
  record Input(
      List<TestOutcome> failing,
      List<RankedLocation> locations,
      String feedback,
      List<FixExample> examples) {}

  String build(Input input) {
    addFailures(input.failing());
    if (!input.feedback().isBlank()) {
      add("earlier attempts and their verdicts", input.feedback(), true);
    }
    List<RankedLocation> locations =
        input.locations().subList(0, Math.min(MAX_LOCATIONS, input.locations().size()));
    addLocations(locations);
    List<String> suspiciousFiles =
        locations.stream().map(RankedLocation::file).distinct().limit(2).toList();
    for (String file : suspiciousFiles) {
      files.read(file).ifPresent(text -> addFile("file " + file + " (whole)", file, text));
    }
    addTests(input.failing());
    for (FixExample example : input.examples()) {
      add(
          "past fix of a similar failure ("
              + example.exceptionType()
              + ", "
              + example.editPattern()
              + ")",
          "Failure: "
              + example.exceptionType()
              + " "
              + example.message()
              + "\nFix: "
              + example.description()
              + "\n"
              + example.diff(),
          true);
    }
    addReferencedTypes(suspiciousFiles);
    fitWhole(budgetTokens - TRAILER_RESERVE);
    if (!omitted.isEmpty()) {
      String all = "\n(Left out for length: " + String.join(", ", omitted) + ")\n";
      String few = "\n(" + omitted.size() + " sections left out for length)\n";
      for (String trailer : List.of(all, few)) {
        if (tokens.countUpTo(out + trailer, budgetTokens) <= budgetTokens) {
          out.append(trailer);
          break;
        }
      }
    }
    return out.toString();
  }

  /**
   * Measures the pack whole and, in the rare case the joins made it longer than the sum of its
   * sections allowed for, leaves out sections from the end until it fits.
   */
  private void fitWhole(int limit) {
    while (!sectionStarts.isEmpty() && tokens.countUpTo(out.toString(), limit) > limit) {
      int last = sectionStarts.size() - 1;
      out.setLength(sectionStarts.remove(last));
      omitted.add(sectionLabels.remove(last));
    }
  }

  /** Repository-relative files whose text is in the pack. */
  Set<String> includedFiles() {
    return included;
  }

  private void addFailures(List<TestOutcome> failing) {
    int n = 0;
    for (TestOutcome test : failing) {
      if (n++ == MAX_TESTS) {
        omitted.add((failing.size() - MAX_TESTS) + " more failing tests");
        break;
      }
      String message = test.message();
      if (message.length() > MAX_MESSAGE) {
        message = message.substring(0, MAX_MESSAGE) + " [... cut]";
      }
      String body =
          "test: "
              + test.id()
              + "\nstatus: "
              + test.status()
              + "\nexception: "
              + test.exceptionType()
              + "\nmessage: "
              + message
              + "\ntrace:\n"
              + trimTrace(test.stackTrace());
      add("failing test output " + test.id(), body, true);
    }
  }

  static String trimTrace(String trace) {
    StringBuilder sb = new StringBuilder();
    int frames = 0;
    int skipped = 0;
    for (String line : trace.split("\\R")) {
      boolean frame = line.trim().startsWith("at ");
      if (frame && frames >= MAX_FRAMES) {
        skipped++;
        continue;
      }
      if (frame) {
        frames++;
      }
      sb.append(line).append('\n');
      if (sb.length() > 6_000) {
        sb.append("[... cut]\n");
        break;
      }
    }
    if (skipped > 0) {
      sb.append("... ").append(skipped).append(" more frames\n");
    }
    return sb.toString();
  }

  private void addLocations(List<RankedLocation> locations) {
    if (locations.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (RankedLocation loc : locations) {
      sb.append(loc.file())
          .append(':')
          .append(loc.line())
          .append(String.format(java.util.Locale.ROOT, "  (suspiciousness %.2f", loc.score()))
          .append(loc.evidence().isEmpty() ? "" : "; " + loc.evidence())
          .append(")\n");
      Optional<String> text = files.read(loc.file());
      if (text.isPresent()) {
        String[] lines = text.get().replace("\r\n", "\n").split("\n", -1);
        int from = Math.max(1, loc.line() - SNIPPET_RADIUS);
        int to = Math.min(lines.length, loc.line() + SNIPPET_RADIUS);
        for (int i = from; i <= to; i++) {
          sb.append(i == loc.line() ? ">> " : "   ")
              .append(String.format(java.util.Locale.ROOT, "%5d| ", i))
              .append(lines[i - 1])
              .append('\n');
        }
      }
      sb.append('\n');
    }
    add(
        "suspicious lines (line numbers and >> marks are not part of the code)",
        sb.toString(),
        true);
  }

  private void addFile(String label, String file, String text) {
    if (included.add(file)) {
      add(label, text, true);
    }
  }

  private void addTests(List<TestOutcome> failing) {
    Set<String> classes = new LinkedHashSet<>();
    failing.stream().limit(MAX_TESTS).forEach(t -> classes.add(t.id().className()));
    for (String cls : classes) {
      Optional<String> file = files.classFile(cls);
      if (file.isEmpty() || included.contains(file.get())) {
        continue;
      }
      String text = files.read(file.get()).orElse("");
      if (text.length() > 6_000) {
        List<String> methods =
            failing.stream()
                .filter(t -> t.id().className().equals(cls))
                .map(t -> t.id().methodName())
                .toList();
        text = testMethods(text, methods).orElse(text);
      }
      included.add(file.get());
      add("failing test source " + file.get() + " (do not edit tests)", text, true);
    }
  }

  private static Optional<String> testMethods(String text, List<String> names) {
    ParseResult<CompilationUnit> parsed = ReplyParser.parser().parse(text);
    if (parsed.getResult().isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    for (MethodDeclaration m : parsed.getResult().get().findAll(MethodDeclaration.class)) {
      if (names.contains(m.getNameAsString())) {
        sb.append(m).append("\n\n");
      }
    }
    return sb.length() == 0 ? Optional.empty() : Optional.of(sb.toString());
  }

  /** Project types the suspicious files import or name: one level, then two. */
  private void addReferencedTypes(List<String> roots) {
    List<String> level = roots;
    for (int depth = 1; depth <= 2 && !level.isEmpty(); depth++) {
      List<String> next = new ArrayList<>();
      for (String file : level) {
        for (String referenced : referencedFiles(file)) {
          if (included.contains(referenced) || next.contains(referenced)) {
            continue;
          }
          next.add(referenced);
        }
      }
      for (String file : next) {
        if (file.contains("/src/test/") || file.startsWith("src/test/")) {
          continue;
        }
        String label = "project type used by the suspicious code (level " + depth + "): " + file;
        files.read(file).ifPresent(text -> addFile(label, file, text));
      }
      level = next;
    }
  }

  private List<String> referencedFiles(String file) {
    Optional<String> text = files.read(file);
    if (text.isEmpty()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    ParseResult<CompilationUnit> parsed = ReplyParser.parser().parse(text.get());
    String pkg = "";
    if (parsed.getResult().isPresent()) {
      CompilationUnit cu = parsed.getResult().get();
      pkg = cu.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
      for (ImportDeclaration imp : cu.getImports()) {
        if (!imp.isAsterisk() && !imp.isStatic()) {
          files.classFile(imp.getNameAsString()).ifPresent(out::add);
        }
      }
    }
    String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
    Matcher m = TYPE_NAME.matcher(text.get());
    Set<String> names = new LinkedHashSet<>();
    while (m.find() && names.size() < 200) {
      names.add(m.group(1));
    }
    for (String name : names) {
      String sibling = dir + name + ".java";
      if (!sibling.equals(file) && files.read(sibling).isPresent()) {
        out.add(sibling);
      }
    }
    out.remove(file);
    return new ArrayList<>(out);
  }

  private void add(String label, String body, boolean cuttable) {
    int limit = budgetTokens - TRAILER_RESERVE;
    if (append(label, untrusted.fence(label, body) + "\n", limit)) {
      return;
    }
    if (cuttable && limit - used > MIN_CUT_TOKENS) {
      String cutLabel = label + " [cut for length]";
      String marker = "\n[... cut]";
      int keep = limit - used - JOIN_SLACK - tokens.count(untrusted.fence(cutLabel, marker) + "\n");
      // fencing can change the cut text's count (neutralised markers, the join at the marker):
      // shrink until it fits
      for (int tries = 0; tries < 8 && keep > 0; tries++) {
        String cut = tokens.prefix(body, keep);
        if (append(label, untrusted.fence(cutLabel, cut + marker) + "\n", limit)) {
          return;
        }
        keep -= Math.max(8, keep / 10);
      }
    }
    omitted.add(label);
  }

  /** Appends {@code piece} if its tokens (with the join's slack) fit under {@code limit}. */
  private boolean append(String label, String piece, int limit) {
    int room = limit - used - JOIN_SLACK;
    if (room <= 0) {
      return false;
    }
    int count = tokens.countUpTo(piece, room);
    if (count > room) {
      return false;
    }
    sectionStarts.add(out.length());
    sectionLabels.add(label);
    out.append(piece);
    used += count + JOIN_SLACK;
    return true;
  }
}
