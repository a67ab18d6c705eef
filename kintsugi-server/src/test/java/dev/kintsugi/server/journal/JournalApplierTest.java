package dev.kintsugi.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.NewEvent;
import dev.kintsugi.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applier against a real H2 file database and a real journal on disk. */
class JournalApplierTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tmp;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  Database db;
  Store store;
  long project;

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + tmp.resolve("db/kintsugi").toAbsolutePath());
    store = new Store(db, Clock.systemUTC(), new SecureRandom());
    project = store.createProject("svc", Optional.empty(), List.of()).id();
  }

  @AfterEach
  void close() {
    db.close();
  }

  NewEvent event(long projectId, int n) {
    return new NewEvent(
        projectId,
        String.format("%032x", n),
        "fp" + (n % 4),
        "Boom " + n,
        "com.acme.Svc.run",
        Optional.of("1.0"),
        Optional.of("prod"),
        Instant.parse("2026-11-23T10:00:00Z").plusSeconds(n),
        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  IngestJournal journal() throws Exception {
    return IngestJournal.open(tmp.resolve("journal"), false, 64L << 20, 4096, log::add);
  }

  JournalApplier applier(IngestJournal journal) throws Exception {
    return JournalApplier.start(
        journal,
        new EventWriter(db, EventWriter.Listener.NONE),
        50,
        Duration.ofMillis(2),
        log::add);
  }

  long storedCount() {
    return store.incidents(project, 100).stream().mapToLong(i -> i.count()).sum();
  }

  @Test
  void appliesInBatchesAndResumesWhereTheDatabaseStopped() throws Exception {
    try (IngestJournal journal = journal()) {
      JournalApplier applier = applier(journal);
      for (int i = 1; i <= 120; i++) {
        journal.append(List.of(event(project, i)));
      }
      assertThat(applier.awaitAllApplied(WAIT)).isTrue();
      applier.close();
      assertThat(store.eventIds(project)).hasSize(120);
      assertThat(store.incidents(project, 10)).hasSize(4);

      // Accepted while no applier runs (as after a kill -9): only these are applied next time.
      for (int i = 121; i <= 150; i++) {
        journal.append(List.of(event(project, i)));
      }
    }
    try (IngestJournal journal = journal()) {
      JournalApplier applier = applier(journal);
      assertThat(applier.awaitAllApplied(WAIT)).isTrue();
      applier.close();
      assertThat(store.eventIds(project)).hasSize(150);
      assertThat(storedCount()).isEqualTo(150);
      assertThat(log).anyMatch(l -> l.contains("applying 30 events left by the previous run"));
      // Fully applied segments are gone.
      try (Stream<Path> files = Files.walk(journal.dir())) {
        assertThat(files.filter(p -> p.toString().endsWith(".journal")).count()).isLessThan(9);
      }
    }
  }

  @Test
  void anEventTheDatabaseRefusesIsSetAsideAndTheRestApplied() throws Exception {
    try (IngestJournal journal = journal()) {
      JournalApplier applier = applier(journal);
      journal.append(List.of(event(project, 1), event(9999, 2), event(project, 3)));
      assertThat(applier.awaitAllApplied(WAIT)).isTrue();
      applier.close();
      assertThat(store.eventIds(project)).hasSize(2);
      try (Stream<Path> files = Files.list(journal.dir().resolve("rejected"))) {
        List<Path> rejected = files.toList();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).getFileName().toString())
            .endsWith("-2-" + event(9999, 2).eventId() + ".json");
        assertThat(rejected.get(0)).hasContent("{\"n\":2}");
      }
      assertThat(log).anyMatch(l -> l.contains("refused event") && l.contains("project 9999"));
    }
  }

  @Test
  void eventsWaitInTheJournalWhileTheDatabaseRefusesEveryWrite() throws Exception {
    try (IngestJournal journal = journal()) {
      JournalApplier applier = applier(journal);
      journal.append(List.of(event(project, 1)));
      assertThat(applier.awaitAllApplied(WAIT)).isTrue();

      sql("ALTER TABLE project RENAME TO project_away");
      sql("ALTER TABLE event RENAME TO event_away");
      for (int i = 2; i <= 20; i++) {
        journal.append(List.of(event(project, i)));
      }
      assertThat(applier.awaitAllApplied(Duration.ofMillis(800))).isFalse();
      assertThat(log).anyMatch(l -> l.contains("takes no writes"));

      sql("ALTER TABLE project_away RENAME TO project");
      sql("ALTER TABLE event_away RENAME TO event");
      assertThat(applier.awaitAllApplied(WAIT)).isTrue();
      applier.close();
      assertThat(store.eventIds(project)).hasSize(20);
      assertThat(journal.dir().resolve("rejected")).doesNotExist();
    }
  }

  @Test
  void closingAppliesWhatIsJournaled() throws Exception {
    try (IngestJournal journal = journal()) {
      JournalApplier applier =
          JournalApplier.start(
              journal,
              new EventWriter(db, EventWriter.Listener.NONE),
              10,
              Duration.ofMillis(200),
              log::add);
      for (int i = 1; i <= 60; i++) {
        journal.append(List.of(event(project, i)));
      }
      applier.close(WAIT);
      assertThat(applier.backlog()).isZero();
      assertThat(store.eventIds(project)).hasSize(60);
    }
  }

  private void sql(String statement) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
