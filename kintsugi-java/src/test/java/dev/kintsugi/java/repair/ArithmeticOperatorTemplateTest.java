package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;
import static dev.kintsugi.java.repair.TemplateAssertions.proposals;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

  @Test
  void offersEveryOtherArithmeticOperatorInverseFirst() {
    String source =
        """
        class A {
          int f(int a, int b) {
            return a * b;
          }
        }
        """;

    List<Proposal> proposals = proposals(template, source, 3);

    assertThat(proposals.stream().map(p -> p.applyTo(source)))
        .containsExactly(
            source.replace("a * b", "a / b"),
            source.replace("a * b", "a + b"),
            source.replace("a * b", "a - b"),
            source.replace("a * b", "a % b"));
    assertThat(proposals.get(0).weight()).isEqualTo(1.0);
    assertThat(proposals.get(3).weight()).isLessThan(proposals.get(1).weight());
  }

  @Test
  void offersEveryOtherCompoundAssignment() {
    String source =
        """
        class A {
          int f(int total, int n) {
            total += n;
            return total;
          }
        }
        """;

    assertThat(results(template, source, 3))
        .contains(
            source.replace("+=", "-="),
            source.replace("+=", "*="),
            source.replace("+=", "/="),
            source.replace("+=", "%="));
  }

  @Test
  void movesAnIncrementWhoseValueIsUsed() {
    String source =
        """
        class A {
          int next(int[] a, int i) {
            return a[i++];
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a[i++]", "a[++i]"));
  }

  @Test
  void leavesAStatementIncrementInPlace() {
    String source =
        """
        class A {
          int f(int i) {
            i++;
            return i;
          }
        }
        """;

    assertThat(results(template, source, 3)).containsExactly(source.replace("i++", "i--"));
  }

  @Test
  void dropsAUnaryMinusAtTheUnaryWeight() {
    String source =
        """
        class A {
          int f(int x) {
            return -x;
          }
        }
        """;

    assertThat(proposals(template, source, 3))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.applyTo(source)).isEqualTo(source.replace("-x", "x"));
              assertThat(p.weight()).isEqualTo(OperatorPriors.UNARY);
            });
  }
}
