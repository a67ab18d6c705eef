package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfidenceTest {

  static final String FILE = "src/main/java/A.java";
  static final TestId PASSING = new TestId("ATest", "ok");
  static final Candidate ONE_LINE =
      new Candidate("t", "d", List.of(new FileChange(FILE, "a\nb\nc\n", "a\nB\nc\n")), 0.8);

  @Test
  void aSmallCoveredUniqueFixScoresHigh() {
    var coverage = new Coverage(Map.of(PASSING, Map.of(FILE, Set.of(2))));
    double c = Confidence.of(ONE_LINE, 1, 0, 10, coverage, Set.of(PASSING));
    // 0.4 + 0.2 (covered) + 0.15 (one line) + 0.15 * 0.8 + 0.1 (unique)
    assertThat(c).isEqualTo(0.97);
  }

  @Test
  void uncoveredLinesAndManyAlternativesLowerIt() {
    double covered =
        Confidence.of(
            ONE_LINE,
            1,
            0,
            10,
            new Coverage(Map.of(PASSING, Map.of(FILE, Set.of(2)))),
            Set.of(PASSING));
    double uncovered = Confidence.of(ONE_LINE, 1, 0, 10, Coverage.empty(), Set.of(PASSING));
    double ambiguous = Confidence.of(ONE_LINE, 5, 0, 10, Coverage.empty(), Set.of(PASSING));
    double doubted = Confidence.of(ONE_LINE, 5, 1, 10, Coverage.empty(), Set.of(PASSING));
    assertThat(uncovered).isLessThan(covered);
    assertThat(ambiguous).isLessThan(uncovered).isBetween(0.4, 1.0);
    assertThat(doubted).isEqualTo(Math.round((ambiguous - 0.1) * 100) / 100.0);
  }
}
