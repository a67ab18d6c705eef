package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntegerCastTemplateTest {

  private final Template template = new IntegerCastTemplate();

  @Test
  void castsAnIntegerDivisionReturnedAsDouble() {
    String source =
        """
        class A {
          double average(int sum, int count) {
            return sum / count;
          }
        }
        """;

    assertThat(results(template, source, 3))
        .containsExactly(source.replace("sum / count", "(double) sum / count"));
  }

  @Test
  void castsToFloatThroughParenthesesAndArithmetic() {
    String source =
        """
        class A {
          float percent(int part, int whole) {
            float p = (part / whole) * 100;
            return p;
          }
        }
        """;

    assertThat(results(template, source, 3))
        .containsExactly(source.replace("(part / whole)", "((float) part / whole)"));
  }

  @Test
  void widensAnIntProductStoredInALong() {
    String source =
        """
        class A {
          long cents;
          void total(Line line) {
            cents = line.price() * line.quantity();
          }
        }
        """;

    assertThat(results(template, source, 4))
        .containsExactly(source.replace("cents = line", "cents = (long) line"));
  }

  @Test
  void leavesDivisionsThatAreAlreadyFloatingOrNotWidenedAlone() {
    assertNoEdits(
        template,
        """
        class A {
          double f(double sum, int count, int a, int b) {
            int q = a / b;
            long l = 2L * a;
            return sum / count + (double) a / b;
          }
        }
        """,
        3);
    assertNoEdits(
        template,
        """
        class A {
          double f(double sum, int count, int a, int b) {
            long l = 2L * a;
            return sum / count + ((double) a) / b;
          }
        }
        """,
        3);
    assertNoEdits(
        template,
        """
        class A {
          double f(double sum, int count, int a, int b) {
            return sum / count + (double) a / b;
          }
        }
        """,
        3);
  }
}
