package dev.kintsugi.java.repair;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.expr.BinaryExpr.Operator;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorPriorsTest {

  private static final Set<Operator> RELATIONAL =
      EnumSet.of(
          Operator.LESS,
          Operator.LESS_EQUALS,
          Operator.GREATER,
          Operator.GREATER_EQUALS,
          Operator.EQUALS,
          Operator.NOT_EQUALS);
  private static final Set<Operator> ARITHMETIC =
      EnumSet.of(
          Operator.PLUS, Operator.MINUS, Operator.MULTIPLY, Operator.DIVIDE, Operator.REMAINDER);

  @Test
  void everyComparisonCanBecomeEveryOther() {
    for (Operator from : RELATIONAL) {
      Set<Operator> others = EnumSet.copyOf(RELATIONAL);
      others.remove(from);
      assertThat(OperatorPriors.alternatives(from))
          .as("%s", from)
          .hasSize(5)
          .hasSameElementsAs(others);
    }
  }

  @Test
  void everyArithmeticOperatorCanBecomeEveryOther() {
    for (Operator from : ARITHMETIC) {
      Set<Operator> others = EnumSet.copyOf(ARITHMETIC);
      others.remove(from);
      assertThat(OperatorPriors.alternatives(from)).as("%s", from).hasSameElementsAs(others);
    }
  }

  @Test
  void listsAlternativesMostLikelyFirstWithWeightsInRange() {
    for (Operator from : Operator.values()) {
      List<Double> weights =
          OperatorPriors.alternatives(from).stream()
              .map(to -> OperatorPriors.weight(from, to))
              .toList();
      assertThat(weights)
          .as("%s", from)
          .isSortedAccordingTo(Comparator.reverseOrder())
          .allSatisfy(w -> assertThat(w).isGreaterThan(0).isLessThanOrEqualTo(1));
    }
  }

  @Test
  void ranksBoundaryNeighboursAboveDirectionAboveFarSwaps() {
    assertThat(OperatorPriors.weight(Operator.GREATER, Operator.GREATER_EQUALS)).isEqualTo(1.0);
    assertThat(OperatorPriors.weight(Operator.GREATER, Operator.LESS))
        .isLessThan(1.0)
        .isGreaterThan(OperatorPriors.weight(Operator.GREATER, Operator.EQUALS));
  }

  @Test
  void givesAnUnlistedReplacementALowWeight() {
    assertThat(OperatorPriors.weight(Operator.PLUS, Operator.AND)).isLessThan(0.5);
    assertThat(OperatorPriors.alternatives(Operator.AND)).containsExactly(Operator.OR);
  }
}
