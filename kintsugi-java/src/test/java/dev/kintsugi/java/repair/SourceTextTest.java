package dev.kintsugi.java.repair;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.BinaryExpr;
import org.junit.jupiter.api.Test;

class SourceTextTest {

  @Test
  void mapsNodesToOffsetsWithTabsAndCrlf() {
    String source = "class A {\r\n\tint f(int x) {\r\n\t\treturn x <= 3;\r\n\t}\r\n}\r\n";
    CompilationUnit cu = JavaSourceParser.parse(source).orElseThrow();
    BinaryExpr comparison = cu.findFirst(BinaryExpr.class).orElseThrow();
    SourceText text = SourceText.of(source);

    assertThat(text.text(comparison)).isEqualTo("x <= 3");
    assertThat(text.lineSeparator()).isEqualTo("\r\n");
    assertThat(text.indentation(3)).isEqualTo("\t\t");
    assertThat(text.lineOf(text.start(comparison))).isEqualTo(3);
  }

  @Test
  void countsLoneCarriageReturnsAsLineBreaks() {
    SourceText text = SourceText.of("a\rb\r\nc\nd");

    assertThat(text.lineCount()).isEqualTo(4);
    assertThat(text.substring(text.lineStart(3), text.lineEnd(3))).isEqualTo("c");
    assertThat(text.lineSeparator()).isEqualTo("\r");
  }

  @Test
  void skipsCommentsAndWhitespace() {
    SourceText text = SourceText.of("a /* < */ // <\n < b");

    assertThat(text.skipTrivia(1, text.text().length())).isEqualTo(16);
  }
}
