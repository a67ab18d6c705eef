package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class MissingBreakTemplateTest {

  private final Template template = new MissingBreakTemplate();

  @Test
  void endsAFallingThroughCase() {
    assertProduces(
        template,
        """
        class A {
          String f(int day) {
            String name = "";
            switch (day) {
              case 1:
                name = "mon";
              case 2:
                name = "tue";
                break;
              default:
                name = "?";
            }
            return name;
          }
        }
        """,
        6,
        """
        class A {
          String f(int day) {
            String name = "";
            switch (day) {
              case 1:
                name = "mon";
                break;
              case 2:
                name = "tue";
                break;
              default:
                name = "?";
            }
            return name;
          }
        }
        """);
  }

  @Test
  void ignoresCasesThatAlreadyJumpAndTheLastCase() {
    String source =
        """
        class A {
          String f(int day) {
            switch (day) {
              case 1:
                return "mon";
              default:
                day++;
            }
            return "";
          }
        }
        """;

    assertNoEdits(template, source, 5);
    assertNoEdits(template, source, 7);
  }

  @Test
  void ignoresSharedLabelsAndArrowCases() {
    String source =
        """
        class A {
          int f(int day) {
            switch (day) {
              case 1 -> day++;
              default -> day--;
            }
            return day;
          }
        }
        """;

    assertNoEdits(template, source, 4);
  }

  @Test
  void stopsASearchLoopAtItsMatch() {
    String source =
        """
        class A {
          String first(java.util.List<String> xs) {
            String match = null;
            for (String x : xs) {
              if (x.startsWith("a")) {
                match = x;
              }
            }
            return match;
          }
        }
        """;

    assertProduces(template, source, 6, source.replace("match = x;", "match = x;\n        break;"));
  }

  @Test
  void doesNotBreakOutOfASwitchInsteadOfTheLoop() {
    assertNoEdits(
        template,
        """
        class A {
          void f(int[] xs) {
            for (int x : xs) {
              switch (x) {
                default -> {
                  if (x > 0) {
                    x = 1;
                  }
                }
              }
            }
          }
        }
        """,
        7);
  }
}
