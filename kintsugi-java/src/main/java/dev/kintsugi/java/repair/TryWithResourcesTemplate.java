package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Closes a local resource: {@code Reader r = new FileReader(f); ...; r.close();} → {@code try
 * (Reader r = new FileReader(f)) { ... }}, the rest of the block moving into the {@code try} and a
 * top-level {@code r.close();} dropped (it would be skipped when an exception is thrown).
 *
 * <p>Conservative: only a single variable of a JDK I/O or JDBC type (by name), declared with an
 * initializer as a statement of a block, never returned, reassigned or stored, and no text block in
 * the moved statements (re-indenting would change its contents).
 */
final class TryWithResourcesTemplate implements Template {

  /** Endings of JDK type names that are {@link AutoCloseable} and hold an OS or JDBC resource. */
  private static final List<String> RESOURCE_SUFFIXES =
      List.of(
          "InputStream",
          "OutputStream",
          "Reader",
          "Writer",
          "Channel",
          "Socket",
          "Connection",
          "Statement",
          "ResultSet",
          "ZipFile",
          "JarFile");

  private static final Set<String> RESOURCE_NAMES = Set.of("Scanner", "Formatter", "PrintStream");

  @Override
  public String name() {
    return "try-with-resources";
  }

  @Override
  public double prior() {
    return 0.15; // own estimate: a leak seldom fails a test, so it is rarely the fix a test asks
    // for
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<ExpressionStmt> declarations =
        cu.findAll(
            ExpressionStmt.class,
            statement ->
                OnLine.startsOn(statement, line)
                    && statement.getExpression() instanceof VariableDeclarationExpr declaration
                    && declaration.getVariables().size() == 1
                    && statement.getParentNode().orElse(null) instanceof BlockStmt);
    return Proposals.perNode(declarations, declaration -> wrap(text, declaration));
  }

  private static List<Proposal> wrap(SourceText text, ExpressionStmt statement) {
    VariableDeclarator variable =
        statement.getExpression().asVariableDeclarationExpr().getVariable(0);
    BlockStmt block = (BlockStmt) statement.getParentNode().orElseThrow();
    NodeList<Statement> statements = block.getStatements();
    int index = Expressions.indexOf(statements, statement);
    List<Statement> rest = statements.subList(index + 1, statements.size());
    if (!isResource(variable.getType().asString())
        || variable.getInitializer().isEmpty()
        || rest.isEmpty()
        || !text.onlyIndentationBefore(text.start(statement))
        || escapes(variable.getNameAsString(), rest)
        || rest.stream().anyMatch(s -> !s.findAll(TextBlockLiteralExpr.class).isEmpty())) {
      return List.of();
    }
    String declaration = text.text(statement.getExpression());
    List<TextEdit> edits = new ArrayList<>();
    edits.add(
        new TextEdit(text.start(statement), text.end(statement), "try (" + declaration + ") {"));
    String unit = StatementInsertions.unit(text, statement);
    List<Statement> kept = new ArrayList<>();
    List<Integer> dropped = new ArrayList<>();
    for (Statement s : rest) {
      if (!isCloseOf(s, variable.getNameAsString())) {
        kept.add(s);
        continue;
      }
      if (!text.onlyIndentationBefore(text.start(s)) || !text.onlyWhitespaceAfter(text.end(s))) {
        return List.of(); // shares its line with other code: leave it to a human
      }
      int at = text.lineOf(text.start(s));
      dropped.add(at);
      edits.add(TextEdit.delete(text.lineStart(at), text.lineEndWithSeparator(at)));
    }
    if (kept.isEmpty()) {
      return List.of();
    }
    int lastEnd = text.end(kept.get(kept.size() - 1));
    int firstLine = text.lineOf(text.start(statement)) + 1;
    int lastLine = text.lineOf(lastEnd);
    for (int line = firstLine; line <= lastLine; line++) {
      if (!dropped.contains(line) && text.lineEnd(line) > text.lineStart(line)) {
        edits.add(TextEdit.insert(text.lineStart(line), unit));
      }
    }
    // A trailing comment stays with the statement it annotates.
    String after = text.substring(lastEnd, text.lineEnd(lastLine)).trim();
    int closeAt = after.isEmpty() || after.startsWith("//") ? text.lineEnd(lastLine) : lastEnd;
    String indent = text.indentation(text.lineOf(text.start(statement)));
    edits.add(TextEdit.insert(closeAt, text.lineSeparator() + indent + "}"));
    return List.of(Proposals.of(text, statement, edits));
  }

  static boolean isResource(String type) {
    String raw = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
    String simple = raw.substring(raw.lastIndexOf('.') + 1);
    return RESOURCE_NAMES.contains(simple) || RESOURCE_SUFFIXES.stream().anyMatch(simple::endsWith);
  }

  /** Whether the resource may outlive the block: returned, reassigned or stored somewhere. */
  private static boolean escapes(String name, List<Statement> rest) {
    for (Statement statement : rest) {
      for (ReturnStmt ret : statement.findAll(ReturnStmt.class)) {
        if (ret.getExpression().map(e -> mentions(e, name)).orElse(false)) {
          return true;
        }
      }
      for (AssignExpr assign : statement.findAll(AssignExpr.class)) {
        if (mentions(assign.getTarget(), name) || mentions(assign.getValue(), name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean mentions(Node node, String name) {
    return !node.findAll(NameExpr.class, n -> n.getNameAsString().equals(name)).isEmpty();
  }

  private static boolean isCloseOf(Statement statement, String name) {
    return statement instanceof ExpressionStmt expression
        && expression.getExpression() instanceof MethodCallExpr call
        && call.getNameAsString().equals("close")
        && call.getArguments().isEmpty()
        && call.getScope()
            .map(s -> s instanceof NameExpr n && n.getNameAsString().equals(name))
            .orElse(false);
  }
}
