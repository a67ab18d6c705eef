package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class RemoveStatementTemplateTest {

  private final Template template = new RemoveStatementTemplate();

  @Test
  void removesTheWholeLine() {
    assertProduces(
        template,
        """
        class A {
          int f(int n) {
            n = n * 2;
            return n;
          }
        }
        """,
        3,
        """
        class A {
          int f(int n) {
            return n;
          }
        }
        """);
  }

  @Test
  void removesOnlyTheStatementWhenTheLineHasMore() {
    String source =
        """
        class A {
          void f(java.util.List<String> xs) {
            xs.clear(); xs.add("a");
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("xs.clear(); ", ""));
  }

  @Test
  void keepsDeclarations() {
    assertNoEdits(
        template,
        """
        class A {
          int f() {
            int n = 3;
            return n;
          }
        }
        """,
        3);
  }

  @Test
  void keepsAssignmentsThatInitialize() {
    String source =
        """
        class A {
          private final String name;
          A(String name) {
            this.name = name;
          }
          String f(boolean b) {
            String s;
            s = "x";
            return s;
          }
        }
        """;

    assertNoEdits(template, source, 4);
    assertNoEdits(template, source, 8);
  }
}
