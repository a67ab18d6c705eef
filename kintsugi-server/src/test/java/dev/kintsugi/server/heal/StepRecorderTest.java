package dev.kintsugi.server.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.HealStep;
import dev.kintsugi.server.store.NewEvent;
import dev.kintsugi.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run's steps, as the heal scheduler stores them: never in the heal's way. */
class StepRecorderTest {

  @TempDir Path dir;
  private Database db;
  private HealRunStore runs;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
    runs = new HealRunStore(db, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private long run() throws Exception {
    Store store = new Store(db, Clock.systemUTC(), new SecureRandom());
    long project = store.createProject("p", Optional.of("/r"), List.of()).id();
    new EventWriter(db, EventWriter.Listener.NONE)
        .write(
            List.of(
                new NewEvent(
                    project,
                    "a".repeat(32),
                    "f",
                    "Boom",
                    "com.acme.Svc.run",
                    Optional.empty(),
                    Optional.empty(),
                    Instant.now(),
                    "{}".getBytes(StandardCharsets.UTF_8))));
    long incident = store.incidents(project, 1).get(0).id();
    return runs.enqueue(incident, "test").orElseThrow();
  }

  private static IncidentHealOutcome notFixed() {
    return new IncidentHealOutcome(
        "not_fixed",
        "no candidate",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        "{}");
  }

  @Test
  void stepsThatCannotBeStoredAreLoggedOnceAndTheHealGoesOn() throws Exception {
    long run = run();
    db.close(); // the database is gone mid-heal
    StepRecorder steps = new StepRecorder(runs, run, log::add);
    steps.start("healing");
    steps.step("reproduce", "x");
    steps.step("deliver", "y");
    steps.done(notFixed());
    assertThat(log).hasSize(1);
    assertThat(log.get(0)).contains("heal run " + run).contains("cannot store a step");
  }

  @Test
  void aRunawayHealersStepsAreCappedItsEndIsStoredAndLaterStepsAreDropped() throws Exception {
    long run = run();
    StepRecorder steps = new StepRecorder(runs, run, log::add);
    steps.start("healing");
    for (int i = 0; i < StepRecorder.MAX_STEPS + 5; i++) {
      steps.step("candidate", "#" + i);
    }
    steps.done(notFixed());
    steps.step("late", "after the end");

    List<HealStep> stored = runs.steps(run);
    assertThat(stored).hasSize(StepRecorder.MAX_STEPS + 2);
    assertThat(stored.get(0).stage()).isEqualTo("start");
    assertThat(stored.get(StepRecorder.MAX_STEPS).message())
        .isEqualTo("#" + (StepRecorder.MAX_STEPS - 1));
    HealStep last = stored.get(stored.size() - 1);
    assertThat(last.stage()).isEqualTo("done");
    assertThat(last.message()).isEqualTo("not_fixed (5 step(s) not stored): no candidate");
    assertThat(log).isEmpty();
  }

  @Test
  void stepsReportedFromSeveralThreadsOfOneHealAreAllStoredNumberedOnce() throws Exception {
    long run = run();
    StepRecorder steps = new StepRecorder(runs, run, log::add);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread worker =
          new Thread(() -> IntStream.range(0, 25).forEach(i -> steps.step("t" + thread, "#" + i)));
      worker.start();
      threads.add(worker);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    List<HealStep> stored = runs.steps(run);
    assertThat(log).isEmpty();
    assertThat(stored)
        .extracting(HealStep::seq)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
    for (int t = 0; t < 4; t++) {
      String stage = "t" + t;
      assertThat(stored.stream().filter(s -> s.stage().equals(stage)).map(HealStep::message))
          .as("each thread's steps in its order")
          .containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "#" + i).toList());
    }
  }
}
