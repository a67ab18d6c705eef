package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class ArithmeticOperatorTemplateTest {

  private final Template template = new ArithmeticOperatorTemplate();

  @Test
  void swapsPlusAndMinus() {
    String source =
        """
        class A {
          int mid(int lo, int hi) {
            return lo + (hi + lo) / 2;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("(hi + lo)", "(hi - lo)"));
  }

  @Test
  void swapsDivisionForRemainder() {
    String source =
        """
        class A {
          int bucket(int h, int n) {
            return h / n;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("h / n", "h % n"));
  }

  @Test
  void swapsCompoundAssignment() {
    String source =
        """
        class A {
          int f(int total, int x) {
            total -= x;
            return total;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("total -= x", "total += x"));
  }

  @Test
  void swapsIncrementForDecrement() {
    String source =
        """
        class A {
          void f(int i) {
            i++;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("i++", "i--"));
  }

  @Test
  void leavesStringConcatenationAlone() {
    assertNoEdits(
        template,
        """
        class A {
          String f(int n) {
            return "n=" + n + 1;
          }
        }
        """,
        3);
  }

  @Test
  void scalesInsteadOfAdding() {
    String source =
        """
        class A {
          long next(long delay, long factor) {
            return delay + factor;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("delay + factor", "delay * factor"));
  }

  @Test
  void keepsTheOperandsTogetherWhenPrecedenceChanges() {
    String source =
        """
        class A {
          int f(int a, int b, int c) {
            return a - b + c;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a - b + c", "(a - b) * c"));
  }
}
