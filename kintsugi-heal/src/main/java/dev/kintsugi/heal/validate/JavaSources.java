package dev.kintsugi.heal.validate;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;

/** One parser configuration for all gates. */
public final class JavaSources {

  private JavaSources() {}

  public static ParseResult<CompilationUnit> parse(String source) {
    ParserConfiguration config =
        new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE)
            // Unicode escapes are decoded first, so \u0065xit cannot hide a forbidden name.
            .setPreprocessUnicodeEscapes(true);
    return new JavaParser(config).parse(source);
  }
}
