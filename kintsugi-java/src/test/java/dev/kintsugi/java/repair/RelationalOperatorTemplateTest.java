package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelationalOperatorTemplateTest {

  private final Template template = new RelationalOperatorTemplate();

  @Test
  void tightensALoopBoundAndKeepsEverythingElse() {
    assertProduces(
        template,
        """
        class A {
          int sum(int[] a) {
            int s = 0;
            for (int i = 0; i <= a.length; i++) { s += a[i]; } // keep   me
            return s;
          }
        }
        """,
        4,
        """
        class A {
          int sum(int[] a) {
            int s = 0;
            for (int i = 0; i < a.length; i++) { s += a[i]; } // keep   me
            return s;
          }
        }
        """);
  }

  @Test
  void flipsTheDirectionOfAComparison() {
    assertProduces(
        template,
        """
        class A {
          boolean over(int x, int max) {
            return x > max;
          }
        }
        """,
        3,
        """
        class A {
          boolean over(int x, int max) {
            return x < max;
          }
        }
        """);
  }

  @Test
  void replacesOnlyTheOperatorTokenBetweenComments() {
    assertProduces(
        template,
        """
        class A {
          boolean f(int a, int b) {
            return a /* low */ >= b;
          }
        }
        """,
        3,
        """
        class A {
          boolean f(int a, int b) {
            return a /* low */ > b;
          }
        }
        """);
  }

  @Test
  void offersOnlyTheFlipForObjectEquality() {
    String source =
        """
        class A {
          boolean f(Object o) {
            return o == null;
          }
        }
        """;

    assertThat(results(template, source, 3))
        .containsExactly(source.replace("o == null", "o != null"));
  }

  @Test
  void offersOrderingForNumericEquality() {
    String source =
        """
        class A {
          boolean f(int n) {
            return n == 0;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("n == 0", "n <= 0"));
  }

  @Test
  void ignoresALineWithoutComparisons() {
    assertNoEdits(
        template,
        """
        class A {
          int f(int a) {
            return a + 1;
          }
        }
        """,
        3);
  }

  @Test
  void ignoresAComparisonWhoseOperatorIsOnAnotherLine() {
    assertNoEdits(
        template,
        """
        class A {
          boolean f(int a, int b) {
            return a
                < b;
          }
        }
        """,
        3);
  }
}
