package dev.kintsugi.learn.pattern;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Position;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.kintsugi.core.repair.ChangedSpan;
import dev.kintsugi.core.repair.FileChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Abstracts the edit of a one-place fix into an {@link EditPattern}: the smallest expression (or
 * else statement) holding the whole change, before and after. A change spread over several places,
 * one too large to reuse, or one that is only a name or a literal (too general to propose anywhere
 * else) gives none.
 */
public final class PatternExtractor {

  /** Longer nodes are too specific to meet again. */
  static final int MAX_NODE_CHARS = 160;

  private PatternExtractor() {}

  /** The pattern of a fix that changes one file, or empty. */
  public static Optional<EditPattern> extract(List<FileChange> changes) {
    return changes.size() == 1 ? extract(changes.get(0)) : Optional.empty();
  }

  static Optional<EditPattern> extract(FileChange change) {
    String before = change.before();
    String after = change.after();
    ChangedSpan span = ChangedSpan.of(before, after);
    if (span.empty()) {
      return Optional.empty();
    }
    Optional<CompilationUnit> unit = parse(before);
    Optional<CompilationUnit> fixedUnit = parse(after);
    if (unit.isEmpty() || fixedUnit.isEmpty()) {
      return Optional.empty();
    }
    Offsets offsets = new Offsets(before);
    Offsets fixedOffsets = new Offsets(after);
    // The smallest node holding the change whose fixed text is a node of the same sort too.
    Node node = null;
    Node fixed = null;
    int start = 0;
    int fixedEnd = 0;
    for (Node covering : covering(unit.get(), offsets, span.start(), span.beforeEnd())) {
      int s = offsets.of(covering.getRange().orElseThrow().begin);
      int e = offsets.of(covering.getRange().orElseThrow().end) + 1;
      int fe = e + after.length() - before.length();
      if (e - s > MAX_NODE_CHARS) {
        break;
      }
      if (fe <= s) {
        continue;
      }
      Optional<Node> counterpart =
          nodeAt(fixedUnit.get(), fixedOffsets, s, fe, covering instanceof Expression);
      if (counterpart.isPresent()) {
        node = covering;
        fixed = counterpart.get();
        start = s;
        fixedEnd = fe;
        break;
      }
    }
    if (node == null) {
      return Optional.empty();
    }
    Set<String> beforeNames = Abstraction.identifiers(node);
    Set<String> afterNames = Abstraction.identifiers(fixed);
    Set<String> concrete = new TreeSet<>(beforeNames);
    concrete.addAll(afterNames);
    Set<String> shared = new HashSet<>(beforeNames);
    shared.retainAll(afterNames);
    concrete.removeAll(shared);
    Optional<Abstraction> abstractBefore = Abstraction.of(node, concrete);
    Optional<Abstraction> abstractAfter = Abstraction.of(fixed, concrete);
    if (abstractBefore.isEmpty() || abstractAfter.isEmpty()) {
      return Optional.empty();
    }
    if (abstractBefore.get().tokens().size() < 2) {
      return Optional.empty(); // a lone name or literal would match everywhere
    }
    // The fix's own text of the node, variables replaced by the holes of the abstraction.
    String replacement = after.substring(start, fixedEnd);
    replacement = withHoles(fixed, replacement, start, fixedOffsets, abstractBefore.get());
    String context = node.getParentNode().map(p -> p.getClass().getSimpleName()).orElse("");
    return Optional.of(
        new EditPattern(
            abstractBefore.get().text(),
            renumbered(abstractAfter.get(), abstractBefore.get()),
            replacement,
            List.copyOf(concrete),
            context,
            node.getClass().getSimpleName()));
  }

  /** The after tokens with the before's hole numbers (a variable keeps its hole across the fix). */
  private static String renumbered(Abstraction after, Abstraction before) {
    Map<String, String> byHole = new java.util.HashMap<>();
    after
        .holes()
        .forEach(
            (name, hole) -> {
              if (before.holes().containsKey(name)) {
                byHole.put(hole, before.holes().get(name));
              }
            });
    List<String> tokens = new ArrayList<>();
    for (String t : after.tokens()) {
      tokens.add(byHole.containsKey(t) ? byHole.get(t) : t);
    }
    return String.join(" ", tokens);
  }

  /**
   * Replaces each variable of {@code fixed} in its text by the before's hole; names the fix brought
   * in stay as written.
   */
  private static String withHoles(
      Node fixed, String text, int start, Offsets offsets, Abstraction before) {
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (var token : fixed.getTokenRange().orElseThrow()) {
      if (!token.getCategory().isIdentifier() || token.getRange().isEmpty()) {
        continue;
      }
      String hole = before.holes().get(token.getText());
      if (hole == null) {
        continue; // concrete (a method, type, or swapped name): kept as written
      }
      int at = offsets.of(token.getRange().get().begin) - start;
      out.append(text, copied, at).append(hole);
      copied = at + token.getText().length();
    }
    out.append(text.substring(copied));
    return out.toString();
  }

  /**
   * The expressions and statements (not blocks) covering [from, to), smallest first; an expression
   * before a statement of the same size. A pure insertion (from == to) is covered by a node it
   * falls inside or at the start of.
   */
  private static List<Node> covering(CompilationUnit unit, Offsets offsets, int from, int to) {
    List<Node> nodes = new ArrayList<>();
    for (Node node : unit.findAll(Node.class)) {
      boolean candidate =
          node instanceof Expression || (node instanceof Statement && !(node instanceof BlockStmt));
      if (!candidate || node.getRange().isEmpty()) {
        continue;
      }
      Range r = node.getRange().get();
      if (offsets.of(r.begin) <= from && offsets.of(r.end) + 1 >= Math.max(to, from + 1)) {
        nodes.add(node);
      }
    }
    nodes.sort(
        Comparator.comparingInt(
            (Node n) ->
                (offsets.of(n.getRange().get().end) - offsets.of(n.getRange().get().begin)) * 2
                    + (n instanceof Expression ? 0 : 1)));
    return nodes;
  }

  private static Optional<Node> nodeAt(
      CompilationUnit unit, Offsets offsets, int start, int end, boolean expression) {
    for (Node node : unit.findAll(Node.class)) {
      if ((expression ? node instanceof Expression : node instanceof Statement)
          && node.getRange().isPresent()
          && offsets.of(node.getRange().get().begin) == start
          && offsets.of(node.getRange().get().end) + 1 == end) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  static Optional<CompilationUnit> parse(String source) {
    ParseResult<CompilationUnit> result =
        new JavaParser(
                new ParserConfiguration()
                    .setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE))
            .parse(source);
    return result.isSuccessful() ? result.getResult() : Optional.empty();
  }

  /** Character offsets of JavaParser's (line, column) positions; columns count a tab as one. */
  static final class Offsets {
    private final List<Integer> lineStarts = new ArrayList<>();

    Offsets(String text) {
      lineStarts.add(0);
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          lineStarts.add(i + 1);
        }
      }
    }

    int of(Position p) {
      return lineStarts.get(p.line - 1) + p.column - 1;
    }
  }
}
