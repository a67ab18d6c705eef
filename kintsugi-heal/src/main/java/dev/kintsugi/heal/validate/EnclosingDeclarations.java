package dev.kintsugi.heal.validate;

import com.github.javaparser.ParseResult;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.BodyDeclaration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The declarations of one Java source file by line: for a line, the member that encloses it
 * (method, constructor, initializer, field, enum constant), then each enclosing type, innermost
 * first, and last the whole file. Test selection widens through them until some test is known to
 * execute the code around a changed line.
 */
public final class EnclosingDeclarations {

  /** Lines {@code first..last}, inclusive, 1-based. */
  public record LineRange(int first, int last) {

    public boolean contains(int line) {
      return line >= first && line <= last;
    }
  }

  private final List<LineRange> declarations;
  private final LineRange wholeFile;

  private EnclosingDeclarations(List<LineRange> declarations, LineRange wholeFile) {
    this.declarations = declarations;
    this.wholeFile = wholeFile;
  }

  /** Parses {@code source}; a file that does not parse has the whole file as its only range. */
  public static EnclosingDeclarations of(String source) {
    List<LineRange> ranges = new ArrayList<>();
    ParseResult<CompilationUnit> parsed = JavaSources.parse(source);
    if (parsed.isSuccessful() && parsed.getResult().isPresent()) {
      // Types are body declarations too, so one walk yields members and their (nested) types.
      for (BodyDeclaration<?> declaration :
          parsed.getResult().get().findAll(BodyDeclaration.class)) {
        declaration
            .getRange()
            .map((Range r) -> new LineRange(r.begin.line, r.end.line))
            .ifPresent(ranges::add);
      }
    }
    ranges.sort(Comparator.comparingInt((LineRange r) -> r.last() - r.first()));
    return new EnclosingDeclarations(
        List.copyOf(ranges), new LineRange(1, (int) source.lines().count() + 1));
  }

  /** The ranges enclosing {@code line}, innermost first, ending with the whole file. */
  public List<LineRange> around(int line) {
    List<LineRange> around = new ArrayList<>();
    for (LineRange range : declarations) {
      if (range.contains(line)) {
        around.add(range);
      }
    }
    around.add(wholeFile);
    return around;
  }
}
