package dev.kintsugi.java.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every template on every line of a source using many language features. */
class AllTemplatesTest {

  private static final String SOURCE =
      """
      package demo;

      import java.util.*;
      import java.util.function.Function;

      /** Docs with <b>markup</b> and a tab\there. */
      @SuppressWarnings("unchecked")
      public final class Everything<T extends Comparable<T>> implements Iterable<T> {
      \tprivate static final int LIMIT = 0x1F;
      \tprivate final List<T> items = new ArrayList<>();
      \tprivate int[][] grid = new int[3][4];
      \tprivate String label = \"""
      \t\ttext block \\
      \t\twith "quotes"
      \t\t\""";

      \trecord Pair<A, B>(A first, B second) {}

      \tenum Mode { FAST, SLOW; boolean fast() { return this == FAST; } }

      \tpublic int score(Object o, Mode mode, int... extra) {
      \t\tif (o instanceof String s && !s.isEmpty()) {
      \t\t\treturn s.length() > LIMIT ? -1 : s.charAt(0) >>> 2;
      \t\t}
      \t\tint total = switch (mode) {
      \t\t\tcase FAST -> 1;
      \t\t\tcase SLOW -> {
      \t\t\t\tint x = extra.length;
      \t\t\t\tyield x * 2 + (x % 3 == 0 ? 1 : 0);
      \t\t\t}
      \t\t};
      \t\tfor (int i = 0, j = extra.length - 1; i < j; i++, j--) { total += extra[i] - extra[j]; }
      \t\tlabel: while (total-- > 0) { if (total == 7) break label; else continue; }
      \t\ttry (var scanner = new Scanner("a b")) {
      \t\t\ttotal += scanner.next().hashCode() % grid[0].length;
      \t\t} catch (IllegalStateException | NoSuchElementException e) {
      \t\t\tthrow new RuntimeException("failed: " + e.getMessage(), e);
      \t\t} finally {
      \t\t\ttotal <<= 1;
      \t\t}
      \t\tFunction<Integer, Integer> f = v -> { return v == null ? 0 : v + total; };
      \t\tRunnable r = () -> System.out.println("π ≈ " + Math.PI);
      \t\tnew Thread(r) { @Override public void run() { super.run(); } }.start();
      \t\tassert total >= 0 : "negative";
      \t\tsynchronized (this) { items.removeIf(Objects::isNull); }
      \t\tchar c = 'x'; long big = 10_000L; double d = 1e-3; float fl = 2.5f;
      \t\treturn (int) (total + c + big + d + fl) & ~LIMIT | (items.isEmpty() ^ true ? 1 : 0);
      \t}

      \t@Override
      \tpublic Iterator<T> iterator() {
      \t\tswitch (items.size()) {
      \t\t\tcase 0:
      \t\t\tcase 1:
      \t\t\t\tSystem.out.println(items);
      \t\t\tdefault:
      \t\t\t\tbreak;
      \t\t}
      \t\treturn items.stream().sorted(Comparator.reverseOrder()).toList().iterator();
      \t}
      }
      """;

  @Test
  void neverThrowsAndAlwaysProducesParsableJavaThatKeepsLineEndings() {
    CompilationUnit cu = JavaSourceParser.parse(SOURCE).orElseThrow();
    String crlf = SOURCE.replace("\n", "\r\n");
    CompilationUnit crlfUnit = JavaSourceParser.parse(crlf).orElseThrow();
    int lines = SourceText.of(SOURCE).lineCount();
    int produced = 0;
    for (Template template : TemplateCatalog.all(TypeLookup.NONE)) {
      for (int line = 1; line <= lines; line++) {
        int current = line;
        assertThatCode(() -> template.edits(cu, SOURCE, current))
            .as("%s on line %d", template.name(), line)
            .doesNotThrowAnyException();
        for (String result : results(template, cu, SOURCE, line)) {
          produced++;
          assertThat(JavaSourceParser.parse(result))
              .as("%s on line %d gives\n%s", template.name(), line, result)
              .isPresent();
        }
        for (String result : results(template, crlfUnit, crlf, line)) {
          assertThat(result.replace("\r\n", ""))
              .as("%s on line %d", template.name(), line)
              .doesNotContain("\n");
        }
      }
    }
    assertThat(produced).isGreaterThan(100);
  }

  private static List<String> results(
      Template template, CompilationUnit cu, String source, int line) {
    return template.edits(cu, source, line).stream().map(p -> p.applyTo(source)).toList();
  }
}
