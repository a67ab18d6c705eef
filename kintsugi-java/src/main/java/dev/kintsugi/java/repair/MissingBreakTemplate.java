package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds a missing {@code break;}: at the end of a classic {@code case x:} group that falls through
 * into the next case (not arrow cases or shared labels), or at the end of an {@code if} branch in a
 * loop that keeps searching after it found its match.
 */
final class MissingBreakTemplate implements Template {

  @Override
  public String name() {
    return "missing-break";
  }

  @Override
  public double prior() {
    return 0.3;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<SwitchEntry> entries =
        cu.findAll(
            SwitchEntry.class,
            entry ->
                entry.getType() == SwitchEntry.Type.STATEMENT_GROUP
                    && OnLine.spans(entry, line)
                    && innermost(entry, line));
    List<Proposal> proposals =
        new ArrayList<>(Proposals.perNode(entries, entry -> breakAfter(text, entry)));
    List<ExpressionStmt> loopExits =
        OnLine.nodes(cu, ExpressionStmt.class, line).stream()
            .filter(MissingBreakTemplate::endsConditionalBranchInLoop)
            .toList();
    proposals.addAll(
        Proposals.perNode(
            loopExits,
            statement ->
                List.of(
                    Proposals.of(
                        text,
                        statement,
                        StatementInsertions.after(text, statement, List.of("break;"))))));
    return proposals;
  }

  /**
   * Whether the statement ends an {@code if} branch inside a loop: a search that found its match
   * ({@code match = x;}) but keeps looping.
   */
  private static boolean endsConditionalBranchInLoop(ExpressionStmt statement) {
    if (!(statement.getParentNode().orElse(null) instanceof BlockStmt block)
        || block.getStatements().get(block.getStatements().size() - 1) != statement
        || !(block.getParentNode().orElse(null) instanceof IfStmt)) {
      return false;
    }
    for (Node node = block.getParentNode().orElse(null);
        node != null;
        node = node.getParentNode().orElse(null)) {
      if (node instanceof ForStmt
          || node instanceof ForEachStmt
          || node instanceof WhileStmt
          || node instanceof DoStmt) {
        return true;
      }
      // A break there would leave the switch, or cannot reach the loop at all.
      if (node instanceof SwitchStmt
          || node instanceof LambdaExpr
          || node instanceof BodyDeclaration<?>) {
        return false;
      }
    }
    return false;
  }

  private static List<Proposal> breakAfter(SourceText text, SwitchEntry entry) {
    if (!(entry.getParentNode().orElse(null) instanceof SwitchStmt switchStmt)) {
      return List.of(); // switch expressions must yield, not break
    }
    List<SwitchEntry> entries = switchStmt.getEntries();
    List<Statement> statements = entry.getStatements();
    boolean lastEntry = entries.get(entries.size() - 1) == entry;
    if (lastEntry || statements.isEmpty() || jumps(statements.get(statements.size() - 1))) {
      return List.of();
    }
    Statement last = statements.get(statements.size() - 1);
    TextEdit edit = StatementInsertions.after(text, last, List.of("break;"));
    return List.of(Proposals.of(text, last, edit));
  }

  /** Whether the statement never completes normally, so the case cannot fall through. */
  private static boolean jumps(Statement statement) {
    if (statement instanceof BlockStmt block) {
      List<Statement> inner = block.getStatements();
      return !inner.isEmpty() && jumps(inner.get(inner.size() - 1));
    }
    return statement instanceof BreakStmt
        || statement instanceof ReturnStmt
        || statement instanceof ThrowStmt
        || statement instanceof ContinueStmt
        || statement instanceof YieldStmt;
  }

  /** Skips an entry when a nested switch entry also spans the line: the inner one is meant. */
  private static boolean innermost(SwitchEntry entry, int line) {
    return entry.getStatements().stream()
        .noneMatch(
            statement ->
                !statement
                    .findAll(SwitchEntry.class, inner -> OnLine.spans(inner, line))
                    .isEmpty());
  }
}
