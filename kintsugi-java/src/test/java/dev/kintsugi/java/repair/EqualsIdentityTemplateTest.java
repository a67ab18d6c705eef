package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class EqualsIdentityTemplateTest {

  private final Template template = new EqualsIdentityTemplate();

  @Test
  void comparesStringsWithEquals() {
    String source =
        """
        class A {
          boolean f(String a, String b) {
            return a == b;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a == b", "a.equals(b)"));
  }

  @Test
  void putsTheLiteralFirstAndNegates() {
    String source =
        """
        class A {
          boolean f(String mode) {
            return mode != "fast";
          }
        }
        """;

    assertProduces(
        template, source, 3, source.replace("mode != \"fast\"", "!\"fast\".equals(mode)"));
  }

  @Test
  void usesObjectsEqualsWhenImported() {
    String source =
        """
        import java.util.Objects;
        class A {
          boolean f(Object a, Object b) {
            return a == b;
          }
        }
        """;

    assertProduces(template, source, 4, source.replace("a == b", "Objects.equals(a, b)"));
  }

  @Test
  void makesEqualsNullSafe() {
    String source =
        """
        class A {
          boolean f(String mode) {
            return mode.equals("fast");
          }
        }
        """;

    assertProduces(
        template, source, 3, source.replace("mode.equals(\"fast\")", "\"fast\".equals(mode)"));
  }

  @Test
  void comparesIdentityForNonStrings() {
    String source =
        """
        class A {
          enum Color { RED, BLUE }
          boolean f(Color c) {
            return !c.equals(Color.RED);
          }
        }
        """;

    assertProduces(template, source, 4, source.replace("!c.equals(Color.RED)", "c != Color.RED"));
  }

  @Test
  void ignoresPrimitiveAndNullComparisons() {
    assertNoEdits(
        template,
        """
        class A {
          boolean f(int n, Object o) {
            return n == 0 || o == null;
          }
        }
        """,
        3);
  }
}
