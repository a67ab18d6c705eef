package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class OffByOneTemplateTest {

  private final Template template = new OffByOneTemplate();

  @Test
  void lowersAComparedBound() {
    String source =
        """
        class A {
          boolean f(int i, int n) {
            return i < n;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("i < n", "i < n - 1"));
    assertProduces(template, source, 3, source.replace("i < n", "i + 1 < n"));
  }

  @Test
  void shiftsASubstringArgument() {
    String source =
        """
        class A {
          String f(String s, int end) {
            return s.substring(0, end);
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("(0, end)", "(0, end + 1)"));
    assertProduces(template, source, 3, source.replace("(0, end)", "(1, end)"));
  }

  @Test
  void dropsAnExistingOffset() {
    String source =
        """
        class A {
          int f(int[] a, int i) {
            return a[i + 1];
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a[i + 1]", "a[i]"));
  }

  @Test
  void changesTheStartOfACountingLoop() {
    String source =
        """
        class A {
          void f(int[] a) {
            for (int i = 1; i < a.length; i++) {
              a[i] = 0;
            }
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("int i = 1", "int i = 0"));
  }

  @Test
  void parenthesizesInsideAProduct() {
    String source =
        """
        class A {
          int f(int[] a, int w, int n) {
            return a[w * n];
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a[w * n]", "a[w * n - 1]"));
    assertProduces(template, source, 3, source.replace("a[w * n]", "a[w * n + 1]"));
  }

  @Test
  void ignoresNonNumericLines() {
    assertNoEdits(
        template,
        """
        class A {
          String f(String s) {
            return s.trim();
          }
        }
        """,
        3);
  }

  @Test
  void dropsAnOffsetFromAComputedValue() {
    String source =
        """
        class A {
          String f(String text, int max) {
            int keep = max - 3 + 1;
            return text.substring(0, keep);
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("max - 3 + 1", "max - 3"));
  }
}
