package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class ConcatOrderTemplateTest {

  private final Template template = new ConcatOrderTemplate();

  @Test
  void swapsALiteralAndAVariable() {
    String source =
        """
        class A {
          String f(String name) {
            return name + "Hello, ";
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("name + \"Hello, \"", "\"Hello, \" + name"));
  }

  @Test
  void keepsAMovedChainTogether() {
    String source =
        """
        class A {
          String f(int a, int b) {
            return a + b + "=sum";
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a + b + \"=sum\"", "\"=sum\" + (a + b)"));
  }

  @Test
  void ignoresNumericAddition() {
    assertNoEdits(
        template,
        """
        class A {
          int f(int a, int b) {
            return a + b;
          }
        }
        """,
        3);
  }
}
