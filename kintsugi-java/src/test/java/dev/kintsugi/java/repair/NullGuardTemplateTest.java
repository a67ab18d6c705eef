package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NullGuardTemplateTest {

  private final Template template = new NullGuardTemplate();

  @Test
  void returnsADefaultBeforeTheDereference() {
    assertProduces(
        template,
        """
        class A {
          int length(String s) {
            int n = s.length();
            return n;
          }
        }
        """,
        3,
        """
        class A {
          int length(String s) {
            if (s == null) {
              return 0;
            }
            int n = s.length();
            return n;
          }
        }
        """);
  }

  @Test
  void continuesInALoop() {
    assertProduces(
        template,
        """
        class A {
        \tvoid f(java.util.List<String> names, StringBuilder out) {
        \t\tfor (String name : names) {
        \t\t\tout.append(name.trim());
        \t\t}
        \t}
        }
        """,
        4,
        """
        class A {
        \tvoid f(java.util.List<String> names, StringBuilder out) {
        \t\tfor (String name : names) {
        \t\t\tif (name == null) {
        \t\t\t\tcontinue;
        \t\t\t}
        \t\t\tout.append(name.trim());
        \t\t}
        \t}
        }
        """);
  }

  @Test
  void guardsACondition() {
    String source =
        """
        class A {
          boolean f(String s) {
            if (s.isEmpty() || s.isBlank()) {
              return true;
            }
            return false;
          }
        }
        """;

    assertProduces(
        template,
        source,
        3,
        source.replace(
            "if (s.isEmpty() || s.isBlank())", "if (s != null && (s.isEmpty() || s.isBlank()))"));
    assertProduces(
        template,
        source,
        3,
        source.replace(
            "if (s.isEmpty() || s.isBlank())", "if (s == null || s.isEmpty() || s.isBlank())"));
  }

  @Test
  void wrapsAStatement() {
    assertProduces(
        template,
        """
        class A {
          private Runnable callback;
          void done() {
            callback.run();
          }
        }
        """,
        4,
        """
        class A {
          private Runnable callback;
          void done() {
            if (callback != null) {
              callback.run();
            }
          }
        }
        """);
  }

  @Test
  void keepsCrlfLineEndings() {
    String before = "class A {\r\n  void f(Runnable r) {\r\n    r.run();\r\n  }\r\n}\r\n";
    String after =
        "class A {\r\n  void f(Runnable r) {\r\n    if (r == null) {\r\n      return;\r\n    }\r\n"
            + "    r.run();\r\n  }\r\n}\r\n";

    assertProduces(template, before, 3, after);
  }

  @Test
  void ignoresPrimitivesAndGuardedLines() {
    assertNoEdits(
        template,
        """
        class A {
          int f(String s) {
            return s != null ? s.length() : 0;
          }
        }
        """,
        3);
    assertNoEdits(
        template,
        """
        class A {
          int f(int n) {
            return Integer.valueOf(n).intValue();
          }
        }
        """,
        3);
  }

  @Test
  void returnsAnEmptyOptional() {
    String source =
        """
        import java.util.Optional;
        class A {
          Optional<String> f(String s) {
            String t = s.trim();
            return Optional.of(t);
          }
        }
        """;

    assertProduces(
        template,
        source,
        4,
        source.replace(
            "    String t = s.trim();",
            "    if (s == null) {\n      return Optional.empty();\n    }\n    String t = s.trim();"));
    assertThat(results(template, source, 4)).noneMatch(result -> result.contains("return null"));
  }

  @Test
  void leavesConstantsAlone() {
    assertNoEdits(
        template,
        """
        class A {
          private static final String PREFIX = "Bearer ";
          int f() {
            return PREFIX.length();
          }
        }
        """,
        4);
  }
}
