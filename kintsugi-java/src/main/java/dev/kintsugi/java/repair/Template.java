package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;

/** One kind of fix: turns the AST nodes on a line into surgical edit proposals. */
interface Template {

  /** Kebab-case name, reported as {@code template:<name>}. */
  String name();

  /** How likely this kind of edit is to be the fix, in (0, 1]; scales the location's score. */
  double prior();

  /**
   * Proposals for the nodes on {@code line} of {@code source}, most plausible first.
   *
   * @param cu the AST parsed from exactly {@code source}
   * @param line 1-based line
   */
  List<Proposal> edits(CompilationUnit cu, String source, int line);
}
