package dev.kintsugi.learn.pattern;

import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds where a learned {@link EditPattern} applies in a file and writes the edit there. */
public final class PatternMatcher {

  /**
   * One application of a pattern.
   *
   * @param after the whole file with the edit made
   * @param line the line of the changed node
   * @param sameContext whether the node sits in the same kind of node as where it was learned
   */
  public record Match(EditPattern pattern, String after, int line, boolean sameContext) {}

  private final String source;
  private final CompilationUnit unit;
  private final PatternExtractor.Offsets offsets;

  private PatternMatcher(String source, CompilationUnit unit) {
    this.source = source;
    this.unit = unit;
    this.offsets = new PatternExtractor.Offsets(source);
  }

  /** A matcher over {@code source}, or empty when it does not parse. */
  public static Optional<PatternMatcher> of(String source) {
    return PatternExtractor.parse(source).map(unit -> new PatternMatcher(source, unit));
  }

  /** Every application of {@code pattern} to a node that starts on {@code line}. */
  public List<Match> matches(EditPattern pattern, int line) {
    Set<String> concrete = Set.copyOf(pattern.concrete());
    List<Match> matches = new ArrayList<>();
    for (Node node : unit.findAll(Node.class)) {
      if (!node.getClass().getSimpleName().equals(pattern.kind())
          || !(node instanceof Expression
              || (node instanceof Statement && !(node instanceof BlockStmt)))
          || node.getRange().isEmpty()
          || node.getRange().get().begin.line != line) {
        continue;
      }
      Optional<Abstraction> site = Abstraction.of(node, concrete);
      if (site.isEmpty() || !site.get().text().equals(pattern.before())) {
        continue;
      }
      String replacement = instantiate(pattern.replacement(), site.get().holes());
      Range r = node.getRange().get();
      int start = offsets.of(r.begin);
      int end = offsets.of(r.end) + 1;
      String after = source.substring(0, start) + replacement + source.substring(end);
      if (!after.equals(source)) {
        boolean sameContext =
            node.getParentNode()
                .map(p -> p.getClass().getSimpleName().equals(pattern.context()))
                .orElse(false);
        matches.add(new Match(pattern, after, line, sameContext));
      }
    }
    return matches;
  }

  /** The pattern's replacement with each hole filled by the site's variable. */
  static String instantiate(String replacement, Map<String, String> holesByName) {
    // Longest hole first, so $1 does not eat the start of $12.
    List<Map.Entry<String, String>> byHole =
        holesByName.entrySet().stream()
            .sorted(
                Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length())
                    .reversed())
            .toList();
    String out = replacement;
    for (Map.Entry<String, String> e : byHole) {
      out = out.replace(e.getValue(), e.getKey());
    }
    return out;
  }
}
