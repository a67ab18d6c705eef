package dev.kintsugi.llm;

import static dev.kintsugi.llm.Indentation.indent;
import static dev.kintsugi.llm.Indentation.reindent;

import com.github.javaparser.ParseResult;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import dev.kintsugi.llm.Edit.WholeMethods;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replaces methods and constructors of a file by the ones a reply wrote out whole, matched by name
 * and parameter types, re-indented to where they land; the rest of the file keeps its bytes.
 */
final class MethodReplacer {

  private MethodReplacer() {}

  /** {@code text} with each method of the reply in place of the one it matches in {@code file}. */
  static String replace(WholeMethods methods, String file, String text) throws Unappliable {
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
}
