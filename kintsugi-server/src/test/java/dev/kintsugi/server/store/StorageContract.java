package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same storage behaviour on every database: subclasses say which one. */
abstract class StorageContract {
  static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

  Database db;
  Store store;
  EventWriter writer;

  /** A JDBC URL to a fresh, empty database. */
  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    db = Database.open(freshUrl());
    store = new Store(db, Clock.fixed(T0, ZoneOffset.UTC), new SecureRandom());
    writer = EventWriter.start(db, 1000, 500, EventWriter.Listener.NONE);
  }

  @AfterEach
  void close() throws Exception {
    // Null when open() was skipped (no PostgreSQL configured) or failed.
    if (writer != null) {
      writer.close();
    }
    if (db != null) {
      db.close();
      dispose();
    }
  }

  static NewEvent event(long project, String fingerprint, int second, String release) {
    return new NewEvent(
        project,
        String.format("%032x", (long) fingerprint.hashCode() * 1000 + second),
        fingerprint,
        "Boom " + fingerprint,
        "com.acme.Svc.run",
        Optional.of(release),
        Optional.of("prod"),
        T0.plusSeconds(second),
        ("{\"n\":" + second + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void projectsGetUniqueRotatableKeys() {
    Project a = store.createProject("a", Optional.of("/src/a"), List.of("com.acme"));
    Project b = store.createProject("b", Optional.empty(), List.of());
    assertThat(a.dsnKey()).hasSize(32).isNotEqualTo(b.dsnKey());
    assertThat(store.project(a.id())).contains(a);
    Project rotated = store.rotateKey(a.id()).orElseThrow();
    assertThat(rotated.dsnKey()).isNotEqualTo(a.dsnKey());
    assertThat(store.projects()).extracting(Project::name).containsExactly("a", "b");
    assertThat(store.rotateKey(9999)).isEmpty();
  }

  @Test
  void eventsGroupIntoIncidentsWithCountsTimesAndTags() throws Exception {
    long p = store.createProject("svc", Optional.empty(), List.of()).id();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    done.add(writer.submit(List.of(event(p, "f1", 1, "1.0"), event(p, "f1", 2, "1.1"))));
    done.add(writer.submit(List.of(event(p, "f2", 3, "1.0"))));
    done.add(writer.submit(List.of(event(p, "f1", 4, "1.1"))));
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    List<Incident> incidents = store.incidents(p, 10);
    assertThat(incidents).extracting(Incident::fingerprint).containsExactly("f1", "f2");
    Incident f1 = incidents.get(0);
    assertThat(f1.count()).isEqualTo(3);
    assertThat(f1.firstSeen()).isEqualTo(T0.plusSeconds(1));
    assertThat(f1.lastSeen()).isEqualTo(T0.plusSeconds(4));
    assertThat(f1.status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(store.tagValues(f1.id(), "release")).containsExactlyInAnyOrder("1.0", "1.1");
    assertThat(store.tagValues(f1.id(), "environment")).containsExactly("prod");
    assertThat(
            new String(store.latestEvent(f1.id()).orElseThrow().payload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"n\":4}");
    assertThat(store.healRuns(f1.id())).isEmpty();
    assertThat(store.eventIds(p)).hasSize(4);
    assertThat(store.openIncidents()).isEqualTo(2);
  }

  @Test
  void aNewEventRegressesAResolvedIncident() throws Exception {
    long p = store.createProject("svc", Optional.empty(), List.of()).id();
    writer.submit(List.of(event(p, "f", 1, "1.0"))).get(10, TimeUnit.SECONDS);
    long id = store.incidents(p, 1).get(0).id();
    assertThat(store.moveStatus(id, IncidentStatus.OPEN, IncidentStatus.RESOLVED)).isTrue();
    assertThat(store.moveStatus(id, IncidentStatus.OPEN, IncidentStatus.HEALING)).isFalse();
    writer.submit(List.of(event(p, "f", 2, "1.1"))).get(10, TimeUnit.SECONDS);
    Incident i = store.incident(id).orElseThrow();
    assertThat(i.status()).isEqualTo(IncidentStatus.REGRESSED);
    assertThat(i.count()).isEqualTo(2);
  }

  @Test
  void manyConcurrentRequestsAreAllCommittedInFewTransactions() throws Exception {
    long p = store.createProject("svc", Optional.empty(), List.of()).id();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      done.add(writer.submit(List.of(event(p, "f" + (i % 7), i, "r" + (i % 3)))));
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(store.incidents(p, 100)).hasSize(7);
    assertThat(store.incidents(p, 100).stream().mapToLong(Incident::count).sum()).isEqualTo(900);
    assertThat(store.eventIds(p)).hasSize(900);
  }

  @Test
  void aFullQueueRefusesInsteadOfQueueingWithoutBound() throws Exception {
    long p = store.createProject("svc", Optional.empty(), List.of()).id();
    writer.close();
    EventWriter tiny = EventWriter.start(db, 1, 1, EventWriter.Listener.NONE);
    tiny.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> tiny.submit(List.of(event(p, "f", 1, "1"))))
        .isInstanceOf(Overloaded.class);
    writer = EventWriter.start(db, 10, 10, EventWriter.Listener.NONE);
  }

  @Test
  void storageIsWritable() {
    assertThat(db.writable()).isTrue();
  }
}
