package dev.kintsugi.java.repair;

import com.github.javaparser.ast.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Builds proposals: descriptions from the edited text, and per-node fault isolation. */
final class Proposals {

  private static final int SNIPPET_LENGTH = 60;

  private Proposals() {}

  /**
   * A proposal described as the {@code context} node's text before and after the edits, e.g. {@code
   * "i <= n → i < n"}.
   */
  static Proposal of(SourceText source, Node context, List<TextEdit> edits) {
    int start = source.start(context);
    int end = source.end(context);
    for (TextEdit edit : edits) {
      start = Math.min(start, edit.start());
      end = Math.max(end, edit.end());
    }
    List<TextEdit> shifted = new ArrayList<>();
    for (TextEdit edit : edits) {
      shifted.add(new TextEdit(edit.start() - start, edit.end() - start, edit.replacement()));
    }
    String before = source.substring(start, end);
    String after = TextEditApplier.apply(before, shifted);
    return new Proposal(snippet(before) + " → " + snippet(after), edits);
  }

  static Proposal of(SourceText source, Node context, TextEdit... edits) {
    return of(source, context, List.of(edits));
  }

  /** One line, whitespace collapsed, shortened to a readable length. */
  static String snippet(String code) {
    String line = code.replaceAll("\\s+", " ").trim();
    return line.length() <= SNIPPET_LENGTH ? line : line.substring(0, SNIPPET_LENGTH - 1) + "…";
  }

  /**
   * Runs {@code propose} on each node, skipping a node whose proposal fails (a template bug or an
   * AST shape it did not expect must never fail the repairer), and interleaves the results: every
   * node's first proposal, then every node's second, and so on, so that a per-template cap keeps
   * the best proposal of each node.
   */
  static <T> List<Proposal> perNode(
      Collection<? extends T> nodes, Function<? super T, List<Proposal>> propose) {
    List<List<Proposal>> perNode = new ArrayList<>();
    for (T node : nodes) {
      try {
        perNode.add(propose.apply(node));
      } catch (RuntimeException | StackOverflowError e) {
        // skip this node only
      }
    }
    List<Proposal> interleaved = new ArrayList<>();
    for (int rank = 0; ; rank++) {
      boolean any = false;
      for (List<Proposal> proposals : perNode) {
        if (rank < proposals.size()) {
          interleaved.add(proposals.get(rank));
          any = true;
        }
      }
      if (!any) {
        return interleaved;
      }
    }
  }
}
