package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConstantTemplateTest {

  private final Template template = new ConstantTemplate();

  @Test
  void replacesAnIntLiteral() {
    String source =
        """
        class A {
          int f() {
            return 42;
          }
        }
        """;

    assertThat(results(template, source, 3))
        .containsExactly(
            source.replace("42", "41"),
            source.replace("42", "43"),
            source.replace("42", "0"),
            source.replace("42", "1"),
            source.replace("42", "-1"));
  }

  @Test
  void replacesANegativeLiteral() {
    String source =
        """
        class A {
          int f() {
            return -1;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("-1", "0"));
  }

  @Test
  void flipsABooleanLiteral() {
    String source =
        """
        class A {
          boolean f() {
            return true;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("true", "false"));
  }

  @Test
  void subtractsOneFromASize() {
    String source =
        """
        class A {
          Object f(java.util.List<Object> xs) {
            return xs.get(xs.size());
          }
        }
        """;

    assertProduces(
        template, source, 3, source.replace("xs.get(xs.size())", "xs.get(xs.size() - 1)"));
  }

  @Test
  void leavesCaseLabelsAndAnnotationsAlone() {
    assertNoEdits(
        template,
        """
        class A {
          @SuppressWarnings(value = "x") int f(int n) {
            switch (n) { case 3: return n; default: return n; }
          }
        }
        """,
        3);
  }
}
