package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class MissingReturnTemplateTest {

  private final Template template = new MissingReturnTemplate();

  @Test
  void returnsTheComputedCall() {
    String source =
        """
        class A {
          int f(int n) {
            if (n > 0) {
              g(n);
            }
            return 0;
          }
          int g(int n) { return n * 2; }
        }
        """;

    assertProduces(template, source, 4, source.replace("      g(n);", "      return g(n);"));
  }

  @Test
  void returnsTheAssignedVariable() {
    assertProduces(
        template,
        """
        class A {
          int f(int n) {
            int result = 0;
            if (n > 0) {
              result = n * 2; // doubled
            }
            return -1;
          }
        }
        """,
        5,
        """
        class A {
          int f(int n) {
            int result = 0;
            if (n > 0) {
              result = n * 2; // doubled
              return result;
            }
            return -1;
          }
        }
        """);
  }

  @Test
  void ignoresVoidMethods() {
    assertNoEdits(
        template,
        """
        class A {
          void f(int n) {
            if (n > 0) {
              System.out.println(n);
            }
          }
        }
        """,
        4);
  }

  @Test
  void ignoresStatementsFollowedByOthers() {
    assertNoEdits(
        template,
        """
        class A {
          int f(int n) {
            if (n > 0) {
              System.out.println(n);
              n++;
            }
            return n;
          }
        }
        """,
        4);
  }

  @Test
  void returnsTheVariableTheIfTested() {
    assertProduces(
        template,
        """
        class A {
          private int hits;
          String f(java.util.Map<String, String> cache, String key) {
            String cached = cache.get(key);
            if (cached != null) {
              hits++;
            }
            return key;
          }
        }
        """,
        6,
        """
        class A {
          private int hits;
          String f(java.util.Map<String, String> cache, String key) {
            String cached = cache.get(key);
            if (cached != null) {
              hits++;
              return cached;
            }
            return key;
          }
        }
        """);
  }

  @Test
  void doesNotReturnTheResultOfASideEffect() {
    assertNoEdits(
        template,
        """
        class A {
          java.util.List<String> f(java.util.List<String> xs, boolean ok) {
            if (ok) {
              xs.add("ok");
            }
            return xs;
          }
        }
        """,
        4);
  }
}
