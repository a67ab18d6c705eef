package dev.kintsugi.java.repro;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLiteralsTest {

  @Test
  void escapesWhatWouldEndTheLiteralOrTheLine() {
    assertThat(JavaLiterals.string("a\"b\\c\nd\re\tf")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\"");
    assertThat(JavaLiterals.character('\'')).isEqualTo("'\\''");
    assertThat(JavaLiterals.character('"')).isEqualTo("'\"'");
  }

  @Test
  void controlCharsBecomeThreeDigitOctalAndNonAsciiUnicodeEscapes() {
    assertThat(JavaLiterals.string("\0" + "1\u007f\u00e9")).isEqualTo("\"\\0001\\177\\u00e9\"");
  }

  @Test
  void neverWritesABackslashUPairForAsciiText() {
    String literal = JavaLiterals.string("\\u0022); evil(); //\\\\u000a\\\\\\u002a/");

    assertThat(literal).doesNotContain("\\u").contains("\\165");
  }

  @Test
  void commentTextKeepsOnlyNameCharacters() {
    assertThat(JavaLiterals.commentSafe("com.acme.Cart$Line */ \\u002a/ x", 100))
        .isEqualTo("com.acme.Cart$Lineu002ax");
    assertThat(JavaLiterals.commentSafe("*/", 10)).isEqualTo("unknown");
    assertThat(JavaLiterals.alphanumeric("INC-42/..\u00e9x", 12)).isEqualTo("INC42x");
  }

  @Test
  void numbersKeepTheirTypeSuffix() {
    assertThat(JavaLiterals.longLiteral(Long.MIN_VALUE)).isEqualTo("-9223372036854775808L");
    assertThat(JavaLiterals.doubleLiteral(1e300)).isEqualTo("1.0E300d");
    assertThat(JavaLiterals.floatLiteral(0.1f)).isEqualTo("0.1f");
  }

  /** javac reads every literal back as exactly the text it was made from. */
  @Test
  void javacReadsEveryCharBackExactly(@TempDir Path dir) throws Exception {
    StringBuilder all = new StringBuilder("\\u0022\\\\u005c\\");
    for (char c = 0; c < 0x300; c++) {
      all.append(c);
    }
    all.append("\u2028\u2029\ufeff\ud83d\ude00\ud800");
    String text = all.toString();
    StringBuilder chars = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      chars.append(i == 0 ? "" : ", ").append(JavaLiterals.character(text.charAt(i)));
    }
    FixtureProject project = FixtureProject.empty(dir);
    project.write(
        "src/Literals.java",
        "public class Literals {\n"
            + "  public static final String TEXT = "
            + JavaLiterals.string(text)
            + ";\n  public static final char[] CHARS = {"
            + chars
            + "};\n}\n");

    Path classes = project.compile();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
      Class<?> literals = loader.loadClass("Literals");
      Field textField = literals.getField("TEXT");
      Field charsField = literals.getField("CHARS");

      assertThat((String) textField.get(null)).isEqualTo(text);
      assertThat(new String((char[]) charsField.get(null))).isEqualTo(text);
    }
  }
}
