package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.learn.TrackRecord;
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
  static final Coverage COVERED = new Coverage(Map.of(PASSING, Map.of(FILE, Set.of(2))));

  static double of(int places, int concerns, Coverage coverage, boolean repro, TrackRecord t) {
    return Confidence.of(ONE_LINE, places, concerns, 10, coverage, Set.of(PASSING), repro, t)
        .value();
  }

  @Test
  void aSmallCoveredUniqueReproducedFixScoresHighAndSaysWhy() {
    Confidence.Score score =
        Confidence.of(ONE_LINE, 1, 0, 10, COVERED, Set.of(PASSING), true, new TrackRecord(8, 0));
    // 0.35 + 0.2 (covered) + 0.1 (one line) + 0.1 × 0.8 + 0.1 (unique) + 0.05 + 0.1 × 9/10
    assertThat(score.value()).isEqualTo(0.97);
    assertThat(score.parts())
        .containsExactly(
            Map.entry("validated", 0.35),
            Map.entry("coverage", 0.2),
            Map.entry("size", 0.1),
            Map.entry("location", 0.08),
            Map.entry("agreement", 0.1),
            Map.entry("reproduction", 0.05),
            Map.entry("repairer", 0.09),
            Map.entry("concerns", 0.0));
  }

  @Test
  void uncoveredLinesAlternativesAndConcernsLowerIt() {
    double covered = of(1, 0, COVERED, true, TrackRecord.NONE);
    double uncovered = of(1, 0, Coverage.empty(), true, TrackRecord.NONE);
    double ambiguous = of(5, 0, Coverage.empty(), true, TrackRecord.NONE);
    double doubted = of(5, 1, Coverage.empty(), true, TrackRecord.NONE);
    assertThat(uncovered).isLessThan(covered);
    assertThat(ambiguous).isLessThan(uncovered).isBetween(0.35, 1.0);
    assertThat(doubted).isEqualTo(Math.round((ambiguous - 0.1) * 100) / 100.0);
  }

  @Test
  void aRepairerWhoseFixesRegressedAndAMissingReproductionLowerIt() {
    double fresh = of(1, 0, COVERED, true, TrackRecord.NONE);
    double trusted = of(1, 0, COVERED, true, new TrackRecord(20, 0));
    double regressing = of(1, 0, COVERED, true, new TrackRecord(2, 8));
    double unreproduced = of(1, 0, COVERED, false, TrackRecord.NONE);
    assertThat(trusted).isGreaterThan(fresh);
    assertThat(regressing).isLessThan(fresh);
    assertThat(unreproduced).isEqualTo(Math.round((fresh - 0.05) * 100) / 100.0);
  }

  @Test
  void trackRecordsAreSmoothed() {
    assertThat(TrackRecord.NONE.precision()).isEqualTo(0.5);
    assertThat(new TrackRecord(1, 0).precision()).isEqualTo(2 / 3.0);
    assertThat(new TrackRecord(98, 0).precision()).isEqualTo(0.99);
  }
}
