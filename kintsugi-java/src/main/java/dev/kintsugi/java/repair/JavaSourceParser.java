package dev.kintsugi.java.repair;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.ast.CompilationUnit;
import java.util.Optional;

/** Parses Java sources the way the templates expect: tokens kept, tab size 1, Java 21 syntax. */
final class JavaSourceParser {

  private JavaSourceParser() {}

  /** The AST of {@code source}, or empty when it does not parse cleanly. */
  static Optional<CompilationUnit> parse(String source) {
    ParserConfiguration configuration =
        new ParserConfiguration()
            .setLanguageLevel(LanguageLevel.JAVA_21)
            .setStoreTokens(true)
            .setTabSize(1);
    try {
      // A parser per call: JavaParser instances are not thread-safe.
      ParseResult<CompilationUnit> result = new JavaParser(configuration).parse(source);
      return result.isSuccessful() ? result.getResult() : Optional.empty();
    } catch (RuntimeException | StackOverflowError e) {
      return Optional.empty();
    }
  }
}
