package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several servers on one PostgreSQL (issue 17): two event writers, each with its own connection
 * pool as two server processes have, writing the same events.
 */
class PostgresEventWriterTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  SharedSchema shared;
  Store store;
  long project;

  @BeforeEach
  void open() throws Exception {
    shared = new SharedSchema("w_");
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

  static NewEvent event(long project, int n) {
    return new NewEvent(
        project,
        String.format("%032x", n),
        "fp" + (n % 7),
        "Boom " + (n % 7),
        "com.acme.Svc.run",
        Optional.of("1." + (n % 3)),
        Optional.of("prod"),
        T0.plusMillis(n),
        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** Counts what the writers report, as the server's metrics do. */
  static final class Counts implements EventWriter.Listener {
    final AtomicInteger committed = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final List<String> retries = new CopyOnWriteArrayList<>();

    @Override
    public void committed(int events, long nanos) {
      committed.addAndGet(events);
    }

    @Override
    public void duplicates(int events) {
      duplicates.addAndGet(events);
    }

    @Override
    public void retried(String sqlState) {
      retries.add(sqlState);
    }
  }

  @Test
  void twoServersWritingOverlappingBatchesStoreAndCountEachEventOnce() throws Exception {
    int events = 800;
    List<Counts> counts = List.of(new Counts(), new Counts());
    // A window of 10: the writers' own repeats reach the database too.
    List<EventWriter> writers =
        List.of(
            new EventWriter(pool(), counts.get(0), 10), new EventWriter(pool(), counts.get(1), 10));
    CyclicBarrier round = new CyclicBarrier(2);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      EventWriter writer = writers.get(w);
      List<NewEvent> all = new ArrayList<>();
      for (int n = 1; n <= events; n++) {
        all.add(event(project, n));
      }
      Collections.shuffle(all, new Random(w)); // each server sees them in another order
      all.addAll(all.subList(0, 100)); // and some of them twice
      runs.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int from = 0; from < all.size(); from += 100) {
                    round.await(30, TimeUnit.SECONDS);
                    writer.write(all.subList(from, from + 100));
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(store.eventIds(project)).hasSize(events).doesNotHaveDuplicates();
    assertThat(sum("SELECT SUM(event_count) FROM incident")).isEqualTo(events);
    // Each incident counts exactly its stored rows.
    assertThat(
            sum(
                "SELECT COUNT(*) FROM incident i WHERE event_count <>"
                    + " (SELECT COUNT(*) FROM event e WHERE e.incident_id = i.id)"))
        .isZero();
    assertThat(sum("SELECT COUNT(*) FROM incident")).isEqualTo(7);
    assertThat(sum("SELECT COUNT(*) FROM incident_tag WHERE tag_key = 'release'")).isEqualTo(21);
    assertThat(counts.get(0).committed.get() + counts.get(1).committed.get()).isEqualTo(events);
    assertThat(counts.get(0).duplicates.get() + counts.get(1).duplicates.get())
        .isEqualTo(2 * (events + 100) - events);
    // The incidents' audit entries: one incident.opened each, whichever server created it.
    assertThat(sum("SELECT COUNT(*) FROM audit_entry WHERE action = 'incident.opened'"))
        .isEqualTo(7);
  }

  @Test
  void aBatchThatMeetsADeadlockIsRetriedAndCommitsWithItsPosition() throws Exception {
    Database db = pool();
    Counts counts = new Counts();
    EventWriter writer = new EventWriter(db, counts);
    writer.write(List.of(event(project, 1))); // the incident fp1 exists
    writer.appliedSeq("journal-x");
    long incident = store.incidents(project, 10).get(0).id();
    List<String> stored = new ArrayList<>(List.of(event(project, 1).eventId()));

    // Another server's transaction holds `high` and then wants `low`, which the writer inserted
    // first: a real deadlock. PostgreSQL aborts the transaction whose wait is checked first, the
    // writer's when it waited first; under load the other one may be chosen, so a few tries.
    for (int attempt = 0; attempt < 3 && counts.retries.isEmpty(); attempt++) {
      NewEvent low = event(project, 100 * attempt + 8); // sorted before high: inserted first
      NewEvent high = event(project, 100 * attempt + 15);
      long seq = 2 + attempt;
      try (Connection other = DriverManager.getConnection(shared.url())) {
        other.setAutoCommit(false);
        insertEvent(other, high, incident);
        CompletableFuture<Void> write =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    writer.write(
                        List.of(high, low), List.of(new JournalPosition("journal-x", seq)));
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
        awaitLockWait();
        try {
          insertEvent(other, low, incident); // waits for the writer: the cycle
        } catch (SQLException e) {
          assertThat(e.getSQLState()).isEqualTo("40P01"); // this side was chosen instead
        }
        other.rollback();
        write.get(30, TimeUnit.SECONDS);
        stored.add(low.eventId());
        stored.add(high.eventId());
        assertThat(writer.appliedSeq("journal-x")).isEqualTo(seq);
      }
    }
    assertThat(counts.retries).contains("40P01");
    assertThat(store.eventIds(project)).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(sum("SELECT SUM(event_count) FROM incident")).isEqualTo(stored.size());
  }

  @Test
  void theMigrationRemovesStoredCopiesAndTheirCounts() throws Exception {
    PostgresSchema old = new PostgresSchema("m_");
    try {
      Flyway.configure()
          .dataSource(old.url(), null, null)
          .locations("classpath:db/migration", "classpath:db/postgresql")
          .target("33") // the last version before V35 on this branch
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(old.url());
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO project (id, name, dsn_key, in_app_prefixes, created_at)"
                + " VALUES (1, 'p', 'k', '', now())");
        // Two stored copies of event a (through two servers), one of b: counted 4.
        s.execute(
            "INSERT INTO incident (id, project_id, fingerprint, title, culprit, status,"
                + " event_count, first_seen, last_seen) VALUES (1, 1, 'fp', 't', 'c', 'open', 4,"
                + " now(), now())");
        for (String id : List.of("a", "a", "a", "b")) {
          s.execute(
              "INSERT INTO event (event_id, project_id, incident_id, received_at, payload)"
                  + " VALUES ('"
                  + id
                  + "', 1, 1, now(), '\\x00')");
        }
      }
      try (Database migrated = Database.open(old.url());
          Connection c = migrated.dataSource().getConnection();
          Statement s = c.createStatement()) {
        assertThat(single(s, "SELECT COUNT(*) FROM event")).isEqualTo(2);
        assertThat(single(s, "SELECT MIN(id) FROM event WHERE event_id = 'a'")).isEqualTo(1);
        assertThat(single(s, "SELECT event_count FROM incident")).isEqualTo(2);
        try {
          s.execute(
              "INSERT INTO event (event_id, project_id, incident_id, received_at, payload)"
                  + " VALUES ('b', 1, 1, now(), '\\x00')");
          throw new AssertionError("a second copy of event b was stored");
        } catch (SQLException e) {
          assertThat(e.getSQLState()).isEqualTo("23505");
        }
      }
    } finally {
      old.drop();
    }
  }

  private static void insertEvent(Connection c, NewEvent e, long incident) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO event (event_id, project_id, incident_id, received_at, payload)"
                + " VALUES (?, ?, ?, now(), ?)")) {
      ps.setString(1, e.eventId());
      ps.setLong(2, e.projectId());
      ps.setLong(3, incident);
      ps.setBytes(4, e.payload());
      ps.executeUpdate();
    }
  }

  /** Until a session of this schema's tests waits for a lock (the writer, for {@code high}). */
  private void awaitLockWait() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (sum(
              "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                  + " AND datname = current_database() AND query LIKE 'INSERT INTO event (event_id%'")
          > 0) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the writer never waited for the other transaction");
  }

  private long sum(String sql) throws SQLException {
    try (Connection c = shared.first().dataSource().getConnection();
        Statement s = c.createStatement()) {
      return single(s, sql);
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
