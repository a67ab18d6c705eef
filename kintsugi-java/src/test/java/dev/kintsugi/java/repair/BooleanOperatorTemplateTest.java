package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class BooleanOperatorTemplateTest {

  private final Template template = new BooleanOperatorTemplate();

  @Test
  void swapsAndForOr() {
    String source =
        """
        class A {
          boolean valid(String s) {
            return s == null && s.isEmpty();
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("&&", "||"));
  }

  @Test
  void parenthesizesWhenTheNewOperatorBindsLess() {
    String source =
        """
        class A {
          boolean f(boolean a, boolean b, boolean c) {
            return a && b && c;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a && b && c", "(a || b) && c"));
  }

  @Test
  void needsNoParenthesesForTheOuterOperator() {
    String source =
        """
        class A {
          boolean f(boolean a, boolean b, boolean c) {
            return a && b && c;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a && b && c", "a && b || c"));
  }

  @Test
  void ignoresLinesWithoutLogicalOperators() {
    assertNoEdits(
        template,
        """
        class A {
          boolean f(int a) {
            return a > 0;
          }
        }
        """,
        3);
  }
}
