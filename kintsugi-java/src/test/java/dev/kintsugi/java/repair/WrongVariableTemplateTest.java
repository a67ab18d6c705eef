package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrongVariableTemplateTest {

  private final Template template = new WrongVariableTemplate();

  @Test
  void replacesAParameterBySameTypedParameter() {
    String source =
        """
        class A {
          int area(int width, int height) {
            return width * width;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("width * width", "width * height"));
  }

  @Test
  void considersLocalsDeclaredBeforeAndFields() {
    String source =
        """
        class A {
          private String name;
          String f(String first) {
            String last = first.trim();
            return first;
          }
        }
        """;

    assertProduces(template, source, 5, source.replace("return first;", "return last;"));
    assertProduces(template, source, 5, source.replace("return first;", "return name;"));
  }

  @Test
  void ignoresVariablesOfOtherTypesAndLaterDeclarations() {
    String source =
        """
        class A {
          int f(int a, String s) {
            int b = a;
            int c = 2;
            return b;
          }
        }
        """;

    assertThat(results(template, source, 3))
        .noneMatch(result -> result.contains("int b = s;"))
        .noneMatch(result -> result.contains("int b = c;"));
  }

  @Test
  void keepsInstanceFieldsOutOfStaticMethods() {
    assertNoEdits(
        template,
        """
        class A {
          private int count;
          static int f(int n) {
            return n;
          }
        }
        """,
        4);
  }
}
