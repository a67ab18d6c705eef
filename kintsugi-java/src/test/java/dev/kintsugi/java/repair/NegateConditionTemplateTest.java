package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class NegateConditionTemplateTest {

  private final Template template = new NegateConditionTemplate();

  @Test
  void negatesACallCondition() {
    String source =
        """
        class A {
          void f(java.util.List<String> xs) {
            if (xs.isEmpty()) {
              xs.add("x");
            }
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("if (xs.isEmpty())", "if (!xs.isEmpty())"));
  }

  @Test
  void dropsANegationAndItsParentheses() {
    String source =
        """
        class A {
          void f(boolean a, boolean b) {
            while (!(a && b)) {
              a = true;
            }
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("!(a && b)", "a && b"));
  }

  @Test
  void invertsAComparison() {
    String source =
        """
        class A {
          int f(int a, int b) {
            return a < b ? a : b;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a < b ?", "a >= b ?"));
  }

  @Test
  void negatesOneOperandOfAConjunction() {
    String source =
        """
        class A {
          void f(boolean ready, boolean done) {
            if (ready && done) {
              return;
            }
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("ready && done", "ready && !done"));
    assertProduces(template, source, 3, source.replace("ready && done", "!(ready && done)"));
  }

  @Test
  void ignoresAStatementWithoutCondition() {
    assertNoEdits(
        template,
        """
        class A {
          int f(int a) {
            return a;
          }
        }
        """,
        3);
  }
}
