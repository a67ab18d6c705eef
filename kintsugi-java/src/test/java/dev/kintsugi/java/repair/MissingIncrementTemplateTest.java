package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class MissingIncrementTemplateTest {

  private final Template template = new MissingIncrementTemplate();

  @Test
  void stepsTheComparedCounter() {
    assertProduces(
        template,
        """
        class A {
          int f(int[] a) {
            int i = 0;
            int sum = 0;
            while (i < a.length) {
              sum += a[i];
            }
            return sum;
          }
        }
        """,
        5,
        """
        class A {
          int f(int[] a) {
            int i = 0;
            int sum = 0;
            while (i < a.length) {
              sum += a[i];
              i++;
            }
            return sum;
          }
        }
        """);
  }

  @Test
  void countsDownForADownwardComparison() {
    String source =
        """
        class A {
          void f(int n) {
            while (n > 0) {
              System.out.println(n);
            }
          }
        }
        """;

    assertProduces(
        template,
        source,
        4,
        source.replace("System.out.println(n);", "System.out.println(n);\n      n--;"));
  }

  @Test
  void ignoresLoopsThatStep() {
    assertNoEdits(
        template,
        """
        class A {
          void f(int n) {
            while (n > 0) {
              n -= 2;
            }
          }
        }
        """,
        3);
  }
}
