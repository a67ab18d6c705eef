package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;
import static dev.kintsugi.java.repair.TemplateAssertions.proposals;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelationalOperatorTemplateTest {

  private final Template template = new RelationalOperatorTemplate();

  @Test
  void tightensALoopBoundAndKeepsEverythingElse() {
    assertProduces(
        template,
        """
        class A {
          int sum(int[] a) {
            int s = 0;
            for (int i = 0; i <= a.length; i++) { s += a[i]; } // keep   me
            return s;
          }
        }
        """,
        4,
        """
        class A {
          int sum(int[] a) {
            int s = 0;
            for (int i = 0; i < a.length; i++) { s += a[i]; } // keep   me
            return s;
          }
        }
        """);
  }

  @Test
  void flipsTheDirectionOfAComparison() {
    assertProduces(
        template,
        """
        class A {
          boolean over(int x, int max) {
            return x > max;
          }
        }
        """,
        3,
        """
        class A {
          boolean over(int x, int max) {
            return x < max;
          }
        }
        """);
  }

  @Test
  void replacesOnlyTheOperatorTokenBetweenComments() {
    assertProduces(
        template,
        """
        class A {
          boolean f(int a, int b) {
            return a /* low */ >= b;
          }
        }
        """,
        3,
        """
        class A {
          boolean f(int a, int b) {
            return a /* low */ > b;
          }
        }
        """);
  }

  @Test
  void offersOnlyTheFlipForObjectEquality() {
    String source =
        """
        class A {
          boolean f(Object o) {
            return o == null;
          }
        }
        """;

    assertThat(results(template, source, 3))
        .containsExactly(source.replace("o == null", "o != null"));
  }

  @Test
  void offersOrderingForNumericEquality() {
    String source =
        """
        class A {
          boolean f(int n) {
            return n == 0;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("n == 0", "n <= 0"));
  }

  @Test
  void ignoresALineWithoutComparisons() {
    assertNoEdits(
        template,
        """
        class A {
          int f(int a) {
            return a + 1;
          }
        }
        """,
        3);
  }

  @Test
  void ignoresAComparisonWhoseOperatorIsOnAnotherLine() {
    assertNoEdits(
        template,
        """
        class A {
          boolean f(int a, int b) {
            return a
                < b;
          }
        }
        """,
        3);
  }

  private static final String PLANTED =
      """
      class A {
        boolean single(int count) {
          if (count > 1) {
            return true;
          }
          return false;
        }
      }
      """;

  @Test
  void offersEveryOtherComparisonSoAFarReplacementIsFound() {
    // Seen on a Spring Boot app: a planted "== 1" → "> 1" was never proposed back.
    assertThat(results(template, PLANTED, 3))
        .contains(
            PLANTED.replace("count > 1", "count == 1"),
            PLANTED.replace("count > 1", "count >= 1"),
            PLANTED.replace("count > 1", "count < 1"),
            PLANTED.replace("count > 1", "count <= 1"),
            PLANTED.replace("count > 1", "count != 1"));
  }

  @Test
  void ordersNeighbourSwapsBeforeFarOnesByPrior() {
    List<Proposal> proposals = proposals(template, PLANTED, 3);

    assertThat(proposals.get(0).applyTo(PLANTED)).isEqualTo(PLANTED.replace(">", ">="));
    assertThat(proposals.get(0).weight()).isEqualTo(1.0);
    assertThat(weightOf(proposals, PLANTED.replace("count > 1", "count == 1")))
        .isLessThan(weightOf(proposals, PLANTED.replace("count > 1", "count < 1")))
        .isLessThan(1.0);
  }

  @Test
  void replacesAnIfConditionByAConstantAtALowWeight() {
    List<Proposal> proposals = proposals(template, PLANTED, 3);

    assertThat(weightOf(proposals, PLANTED.replace("count > 1", "true")))
        .isEqualTo(OperatorPriors.CONSTANT_CONDITION);
    assertThat(results(template, PLANTED, 3)).contains(PLANTED.replace("count > 1", "false"));
  }

  @Test
  void replacesAClauseOfAConditionByAConstant() {
    String source =
        """
        class A {
          boolean f(int a, String s) {
            return a > 0 && (s == null || a < 9) ? true : false;
          }
        }
        """;

    assertThat(results(template, source, 3))
        .contains(source.replace("a > 0 &&", "true &&"), source.replace("|| a < 9", "|| false"));
  }

  @Test
  void neverMakesALoopConditionConstant() {
    String source =
        """
        class A {
          int f(int n) {
            int i = 0;
            while (i < n) { i++; }
            return i;
          }
        }
        """;

    assertThat(results(template, source, 4))
        .hasSize(5)
        .noneMatch(result -> result.contains("while (true)") || result.contains("while (false)"));
  }

  @Test
  void boundsTheProposalsPerComparison() {
    // five other operators and two constants, never more
    assertThat(proposals(template, PLANTED, 3)).hasSize(7);
  }

  private static double weightOf(List<Proposal> proposals, String result) {
    return proposals.stream()
        .filter(proposal -> proposal.applyTo(PLANTED).equals(result))
        .findFirst()
        .orElseThrow(() -> new AssertionError("not proposed:\n" + result))
        .weight();
  }
}
