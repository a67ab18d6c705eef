package dev.kintsugi.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.NewEvent;
import dev.kintsugi.server.store.SharedSchema;
import dev.kintsugi.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several servers on one PostgreSQL (issue 17): a server dies with events acknowledged (in its
 * journal) but not applied; the SDK re-sends some of them to another server; a server started later
 * on the dead one's journal directory applies the rest, and every event is stored and counted once.
 */
class PostgresJournalTakeoverTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  SharedSchema shared;
  Store store;
  long project;

  @BeforeEach
  void open() throws Exception {
    shared = new SharedSchema("j_");
    store = shared.store;
    project = shared.project;
  }

  @AfterEach
  void close() throws Exception {
    if (shared != null) {
      shared.close();
    }
  }

  /** A server's own connection pool. */
  Database pool() {
    return shared.pool();
  }

  NewEvent event(int n) {
    return new NewEvent(
        project,
        String.format("%032x", n),
        "fp" + (n % 4),
        "Boom " + n,
        "com.acme.Svc.run",
        Optional.of("1.0"),
        Optional.of("prod"),
        Instant.parse("2026-12-07T10:00:00Z").plusSeconds(n),
        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  IngestJournal journal(String node) throws Exception {
    return IngestJournal.open(tmp.resolve(node), false, 64L << 20, 4096, log::add);
  }

  JournalApplier applier(IngestJournal journal) throws Exception {
    return JournalApplier.start(
        journal,
        new EventWriter(pool(), EventWriter.Listener.NONE),
        50,
        Duration.ofMillis(2),
        log::add);
  }

  @Test
  void aReplacementServerAppliesTheDeadOnesJournalOnceAlongsideAnotherServer() throws Exception {
    // Server A acknowledged 1..80 into its journal and died before applying them.
    try (IngestJournal a = journal("a")) {
      for (int i = 1; i <= 80; i++) {
        a.append(List.of(event(i)));
      }
    }
    // The SDK, having seen no answer for 50..80, re-sent them to server B, with new events.
    try (IngestJournal b = journal("b")) {
      JournalApplier applier = applier(b);
      for (int i = 50; i <= 120; i++) {
        b.append(List.of(event(i)));
      }
      assertThat(applier.awaitAllApplied(WAIT)).isTrue();
      applier.close();
    }
    assertThat(store.eventIds(project)).hasSize(71);

    // A replacement of A, a new process with its own pool, on A's journal directory.
    try (IngestJournal a = journal("a")) {
      JournalApplier applier = applier(a);
      assertThat(applier.awaitAllApplied(WAIT)).isTrue();
      applier.close();
    }
    assertThat(log).anyMatch(l -> l.contains("applying 80 events left by the previous run"));
    assertThat(store.eventIds(project)).hasSize(120).doesNotHaveDuplicates();
    assertThat(store.incidents(project, 10).stream().mapToLong(Incident::count).sum())
        .isEqualTo(120);

    // Started once more, it has nothing left to apply and stores nothing twice.
    try (IngestJournal a = journal("a")) {
      JournalApplier applier = applier(a);
      assertThat(applier.awaitAllApplied(WAIT)).isTrue();
      applier.close();
    }
    assertThat(store.eventIds(project)).hasSize(120);
  }
}
