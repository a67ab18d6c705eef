package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestPrioritizerTest {

  static final String FILE = "src/main/java/A.java";
  static final TestId FAILING = new TestId("ATest", "broken");
  static final TestId COVERS = new TestId("ATest", "covers");
  static final TestId FAST = new TestId("ATest", "fast");
  static final TestId SLOW = new TestId("ATest", "slow");

  @Test
  void failingFirstThenTestsRunningTheChangedLinesThenTheRestFastestFirst() {
    var baseline =
        List.of(
            TestOutcome.passed(SLOW, 900),
            TestOutcome.passed(COVERS, 500),
            TestOutcome.passed(FAST, 1),
            TestOutcome.passed(FAILING, 3));
    var coverage =
        new Coverage(
            Map.of(
                COVERS, Map.of(FILE, Set.of(2)),
                SLOW, Map.of(FILE, Set.of(1)),
                FAST, Map.of("src/main/java/B.java", Set.of(2))));
    var prioritizer = new TestPrioritizer(List.of(FAILING), baseline, coverage);
    var candidate =
        new Candidate("t", "d", List.of(new FileChange(FILE, "a\nb\nc\n", "a\nB\nc\n")), 1);

    assertThat(prioritizer.order(candidate)).containsExactly(FAILING, COVERS, FAST, SLOW);
  }

  @Test
  void perTestTimeoutScalesWithTheSlowestTestWithinBounds() {
    assertThat(HealLoop.perTestTimeout(List.of()).toMillis()).isEqualTo(2_000);
    assertThat(HealLoop.perTestTimeout(List.of(TestOutcome.passed(FAST, 500))).toMillis())
        .isEqualTo(6_000);
    assertThat(HealLoop.perTestTimeout(List.of(TestOutcome.passed(FAST, 600_000))).toMillis())
        .isEqualTo(60_000);
  }
}
