package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's reading of the runtime's runbook runs, on H2. */
class RunbookRunsViewTest {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  @TempDir Path dir;
  Database db;
  RunbookRunsView view;

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
    view = new RunbookRunsView(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private long run(
      String runbook, String outcome, boolean dryRun, Integer acted, Integer recovered) {
    return RunbookRunRows.run(
        db,
        "shop",
        runbook,
        "check shop failing",
        null,
        "done",
        outcome,
        dryRun,
        T0,
        acted == null ? null : T0.plusSeconds(acted),
        recovered == null ? null : T0.plusSeconds(recovered));
  }

  @Test
  void mttrCountsRunsThatActedOrFailedAndNotDryRefusedOrRejectedOnes() {
    run("restart", "recovered", false, 10, 20);
    run("restart", "recovered", false, 10, 40);
    run("restart", "recovered", false, 10, 100);
    run("restart", "escalated", false, 10, null);
    run("restart", "failed", false, null, null); // tried, every alternative failed
    run("restart", "dry_run", true, null, null);
    run("restart", "refused", false, null, null);
    run("restart", "rejected", false, null, null);
    run("flag-off", "recovered", false, 2, 5);
    RunbookRunRows.run(
        db, "other", "restart", "x", null, "done", "recovered", false, T0, T0, T0.plusSeconds(1));

    List<RunbookRunsView.Mttr> mttr = view.mttr("shop", T0.minusSeconds(1));

    assertThat(mttr)
        .extracting(RunbookRunsView.Mttr::runbook)
        .containsExactly("flag-off", "restart");
    RunbookRunsView.Mttr restart = mttr.get(1);
    assertThat(restart.runs()).isEqualTo(5);
    assertThat(restart.recovered()).isEqualTo(3);
    assertThat(restart.recoveredShare()).isEqualTo(0.6);
    assertThat(restart.medianToRecovery()).contains(Duration.ofSeconds(40));
    assertThat(restart.p90ToRecovery()).contains(Duration.ofSeconds(100));
    assertThat(restart.meanToAction()).contains(Duration.ofSeconds(10));
    assertThat(mttr.get(0).medianToRecovery()).contains(Duration.ofSeconds(5));
    assertThat(view.mttr("shop", T0.plusSeconds(1))).as("started before the window").isEmpty();
  }

  @Test
  void recentRunsComeNewestFirstWithTheirStepsAndCounts() {
    long first = run("restart", "recovered", false, 10, 20);
    RunbookRunRows.step(db, first, 1, "restart", "restart shop", "done", "exit 0", T0);
    long waiting =
        RunbookRunRows.run(
            db,
            "shop",
            "restart",
            "check shop failing",
            7L,
            "awaiting_approval",
            null,
            false,
            T0,
            null,
            null);

    List<RunbookRunsView.Run> runs = view.recent("shop", 10);

    assertThat(runs).extracting(RunbookRunsView.Run::id).containsExactly(waiting, first);
    assertThat(runs.get(0).awaitsApproval()).isTrue();
    assertThat(runs.get(0).incident()).contains(7L);
    assertThat(runs.get(0).steps()).isEmpty();
    assertThat(runs.get(1).steps())
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("exit 0"));
    assertThat(runs.get(1).timeToRecovery()).contains(Duration.ofSeconds(20));
    assertThat(view.recent("shop", 1)).hasSize(1);
    assertThat(view.ofIncident(7, 10)).extracting(RunbookRunsView.Run::id).containsExactly(waiting);
    assertThat(view.counts("shop")).isEqualTo(new RunbookRunsView.Counts(2, 1));
    assertThat(view.counts("nobody")).isEqualTo(new RunbookRunsView.Counts(0, 0));
    assertThat(view.run(first).map(RunbookRunsView.Run::outcome))
        .contains(Optional.of("recovered"));
  }
}
