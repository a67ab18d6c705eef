package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class LoopCollectionTemplateTest {

  private final Template template = new LoopCollectionTemplate();

  @Test
  void iteratesAnotherCollectionOfTheSameType() {
    String source =
        """
        import java.util.List;
        class A {
          int f(List<String> seen, List<String> pending) {
            int n = 0;
            for (String s : seen) {
              n += s.length();
            }
            return n;
          }
        }
        """;

    assertProduces(
        template, source, 5, source.replace("for (String s : seen)", "for (String s : pending)"));
  }

  @Test
  void boundsByAnotherArray() {
    String source =
        """
        class A {
          int f(int[] a, int[] b) {
            int n = 0;
            for (int i = 0; i < a.length; i++) {
              n += b[i];
            }
            return n;
          }
        }
        """;

    assertProduces(template, source, 4, source.replace("i < a.length", "i < b.length"));
  }

  @Test
  void ignoresLoopsWithoutAlternatives() {
    assertNoEdits(
        template,
        """
        class A {
          int f(int[] a, String s) {
            for (int i = 0; i < a.length; i++) {
              a[i] = 0;
            }
            return 0;
          }
        }
        """,
        3);
  }
}
