package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class SwapArgumentsTemplateTest {

  private final Template template = new SwapArgumentsTemplate();

  @Test
  void swapsSameTypedArguments() {
    String source =
        """
        class A {
          int f(int from, int to) {
            return Math.floorMod(to,   from);
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("(to,   from)", "(from,   to)"));
  }

  @Test
  void swapsConstructorArguments() {
    String source =
        """
        class A {
          Object f(String key, String value) {
            return new java.util.AbstractMap.SimpleEntry<>(value, key);
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("(value, key)", "(key, value)"));
  }

  @Test
  void leavesArgumentsOfDifferentTypes() {
    assertNoEdits(
        template,
        """
        class A {
          String f(String s, int n) {
            return s.substring(n).repeat(n);
          }
        }
        """,
        3);
  }
}
