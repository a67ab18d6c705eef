package dev.kintsugi.runtime.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MttrTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static RunbookRun run(String runbook, long acted, Long recovered, boolean dry) {
    return new RunbookRun(
        1,
        "shop",
        runbook,
        "health",
        "x",
        Optional.empty(),
        "done",
        Optional.of(recovered == null ? "escalated" : "recovered"),
        dry,
        "none",
        Optional.empty(),
        Optional.empty(),
        T0,
        T0,
        Optional.of(T0.plusSeconds(acted)),
        recovered == null ? Optional.empty() : Optional.of(T0.plusSeconds(recovered)),
        Optional.of(T0.plusSeconds(100)));
  }

  @Test
  void meanMedianAndP90OfRecoveryTimesWithTheRecoveredShare() {
    List<RunbookRun> runs = new ArrayList<>();
    for (long s = 10; s <= 100; s += 10) {
      runs.add(run("a", 2, s, false)); // recovery 10..100 s, action after 2 s
    }
    runs.add(run("b", 4, null, false)); // not recovered
    runs.add(run("b", 6, 30L, false));
    runs.add(run("b", 1, 1L, true)); // a dry run counts nowhere

    Mttr mttr = Mttr.of("shop", runs);

    Mttr.Figures a = mttr.byRunbook().get("a");
    assertThat(a.runs()).isEqualTo(10);
    assertThat(a.meanToRecovery()).hasValue(Duration.ofSeconds(55));
    assertThat(a.medianToRecovery()).hasValue(Duration.ofSeconds(55));
    assertThat(a.p90ToRecovery()).hasValue(Duration.ofSeconds(90));
    assertThat(a.meanToAction()).hasValue(Duration.ofSeconds(2));
    Mttr.Figures b = mttr.byRunbook().get("b");
    assertThat(b.runs()).isEqualTo(2);
    assertThat(b.recovered()).isEqualTo(1);
    assertThat(b.recoveredShare()).isEqualTo(0.5);
    assertThat(b.medianToRecovery()).hasValue(Duration.ofSeconds(30));
    assertThat(mttr.overall().runs()).isEqualTo(12);
    assertThat(mttr.overall().recoveredShare()).isEqualTo(11.0 / 12);
  }

  /** A run that ended with {@code outcome} and never acted. */
  private static RunbookRun unacted(long id, String outcome) {
    return new RunbookRun(
        id,
        "shop",
        "restart",
        "health",
        "x",
        Optional.empty(),
        "done",
        Optional.of(outcome),
        false,
        "none",
        Optional.empty(),
        Optional.empty(),
        T0,
        T0,
        Optional.empty(),
        Optional.empty(),
        Optional.of(T0.plusSeconds(20)));
  }

  @Test
  void aRunWhoseActionFailedCountsAsNotRecovered() {
    RunbookRun recovered = run("restart", 40, 42L, false);
    // the restart's service exited at once: no action took effect, the run escalated
    RunbookRun actionFailed = unacted(2, "escalated");
    RunbookRun refused = unacted(3, "refused"); // the policy refused: nothing was tried

    Mttr.Figures f = Mttr.of("shop", List.of(recovered, actionFailed, refused)).overall();

    assertThat(f.runs()).isEqualTo(2);
    assertThat(f.recovered()).isEqualTo(1);
    assertThat(f.recoveredShare()).isEqualTo(0.5);
    assertThat(f.meanToAction()).hasValue(Duration.ofSeconds(40));
    assertThat(f.meanToRecovery()).hasValue(Duration.ofSeconds(42));
  }

  @Test
  void noRunsMeansNoTimes() {
    Mttr mttr = Mttr.of("shop", List.of());
    assertThat(mttr.overall().runs()).isZero();
    assertThat(mttr.overall().recoveredShare()).isZero();
    assertThat(mttr.overall().meanToRecovery()).isEmpty();
    assertThat(mttr.byRunbook()).isEmpty();
  }
}
