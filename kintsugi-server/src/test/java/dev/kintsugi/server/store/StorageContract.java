package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    writer = new EventWriter(db, EventWriter.Listener.NONE);
  }

  @AfterEach
  void close() throws Exception {
    // Null when open() was skipped (no PostgreSQL configured) or failed.
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

  /** Queues every due incident, as the heal admission does within budget. */
  private static int queueDue(HealRunStore runs) {
    List<HealRunStore.Due> due = runs.due();
    due.forEach(runs::queue);
    return due.size();
  }

  @Test
  void healPoliciesDefaultUntilSetAndRoundTrip() {
    HealPolicyStore policies = new HealPolicyStore(db);
    long a = store.createProject("a", Optional.of("/r"), List.of()).id();
    assertThat(policies.get(a)).isEqualTo(HealPolicy.DEFAULT);
    HealPolicy custom = new HealPolicy(3, 2, 1, List.of("main", "release/*"), 4);
    policies.set(a, custom);
    policies.set(a, custom);
    assertThat(policies.get(a)).isEqualTo(custom);
  }

  @Test
  void usageCountsTheLastHourByKindAndWaitReasonsAreKeptUntilNoLongerDue() throws Exception {
    HealRunStore runs = new HealRunStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    long a = store.createProject("a", Optional.of("/r"), List.of()).id();
    writer.write(List.of(event(a, "f1", 1, "1.0"), event(a, "f2", 2, "1.0")));
    List<HealRunStore.Due> due = runs.due();
    assertThat(due).extracting(HealRunStore.Due::kind).containsOnly(HealRunStore.KIND_NEW);
    runs.queue(due.get(0));
    runs.holdBack(java.util.Map.of(due.get(1).incidentId(), "over budget"));
    assertThat(runs.waiting(due.get(1).incidentId())).contains("over budget");
    HealRunStore.Usage usage = runs.usage(a);
    assertThat(usage.lastHour()).isEqualTo(1);
    assertThat(usage.newLastHour()).isEqualTo(1);
    assertThat(usage.inFlight()).isEqualTo(1);
    assertThat(usage.oldest()).contains(T0);

    runs.holdBack(java.util.Map.of());
    assertThat(runs.waiting(due.get(1).incidentId())).isEmpty();
    runs.holdBack(java.util.Map.of(due.get(1).incidentId(), "again"));
    runs.queue(due.get(1));
    assertThat(runs.waiting(due.get(1).incidentId())).as("queued: no longer waits").isEmpty();

    HealRunStore later = new HealRunStore(db, Clock.fixed(T0.plusSeconds(3601), ZoneOffset.UTC));
    assertThat(later.usage(a).lastHour()).as("out of the window").isZero();
    assertThat(later.usage(a).inFlight()).as("still queued").isEqualTo(2);
  }

  @Test
  void healRunsFollowThePoliciesMoveThroughTheirStatesAndResumeAfterAStop() throws Exception {
    HealRunStore runs = new HealRunStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    long withRepo = store.createProject("a", Optional.of("/r"), List.of()).id();
    long noRepo = store.createProject("b", Optional.empty(), List.of()).id();
    long off = store.createProject("c", Optional.of("/r"), List.of(), AutoHeal.OFF).id();
    long threshold =
        store
            .createProject(
                "d", Optional.of("/r"), List.of(), new AutoHeal(AutoHeal.Mode.THRESHOLD, 2))
            .id();
    writer.write(
        List.of(
            event(withRepo, "f1", 1, "1.0"),
            event(noRepo, "f2", 2, "1.0"),
            event(off, "f3", 3, "1.0"),
            event(threshold, "f4", 4, "1.0")));

    assertThat(queueDue(runs)).isEqualTo(1);
    assertThat(queueDue(runs)).isZero();
    HealRunStore.Claimed claimed = runs.claimNext().orElseThrow();
    assertThat(claimed.projectId()).isEqualTo(withRepo);
    assertThat(claimed.trigger()).isEqualTo("new incident");
    assertThat(runs.claimNext()).isEmpty();
    assertThat(runs.enqueue(claimed.incidentId(), "api")).isEmpty(); // one is running
    assertThat(runs.requeueInterrupted()).isEqualTo(1);
    assertThat(runs.claimNext().orElseThrow().runId()).isEqualTo(claimed.runId());
    assertThat(runs.report(claimed.runId())).isEmpty();

    runs.finish(
        claimed.runId(),
        new dev.kintsugi.core.incident.IncidentHealOutcome(
            "fixed",
            "fixed with template:x",
            Optional.of("kintsugi/fix-1"),
            Optional.of("abc"),
            Optional.of(0.75),
            true,
            "{\"status\":\"fixed\",\"note\":\"é\"}"));
    assertThat(runs.report(claimed.runId())).contains("{\"status\":\"fixed\",\"note\":\"é\"}");
    HealRun run = store.healRuns(claimed.incidentId()).get(0);
    assertThat(run.status()).isEqualTo("fixed");
    assertThat(run.branch()).contains("kintsugi/fix-1");
    assertThat(run.confidence().getAsDouble()).isEqualTo(0.75);
    assertThat(run.reproduced()).contains(true);
    assertThat(run.trigger()).contains("new incident");

    writer.write(List.of(event(threshold, "f4", 5, "1.0")));
    assertThat(queueDue(runs)).isEqualTo(1);
    assertThat(runs.claimNext().orElseThrow().trigger()).isEqualTo("seen 2 time(s)");
    long offIncident = store.incidents(off, 1).get(0).id();
    assertThat(runs.enqueue(offIncident, "requested")).isPresent();
    assertThat(store.setAutoHeal(off, AutoHeal.ON_NEW).orElseThrow().autoHeal())
        .isEqualTo(AutoHeal.ON_NEW);
    assertThat(store.setAutoHeal(9999, AutoHeal.OFF)).isEmpty();
  }

  @Test
  void healStepsAreNumberedPerRunKeptApartCutAndReadInOrder() throws Exception {
    HealRunStore runs = new HealRunStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    long p = store.createProject("a", Optional.of("/r"), List.of()).id();
    writer.write(List.of(event(p, "f1", 1, "1.0"), event(p, "f2", 2, "1.0")));
    long i1 =
        store.incidents(p, 10).stream()
            .filter(i -> i.fingerprint().equals("f1"))
            .findFirst()
            .orElseThrow()
            .id();
    long i2 =
        store.incidents(p, 10).stream()
            .filter(i -> i.fingerprint().equals("f2"))
            .findFirst()
            .orElseThrow()
            .id();
    long a = runs.enqueue(i1, "api").orElseThrow();
    long b = runs.enqueue(i2, "api").orElseThrow();
    runs.addStep(a, "start", "a1");
    runs.addStep(b, "start", "b1");
    runs.addStep(a, "reproduce", "a2\u0000" + "x".repeat(2000));
    runs.addStep(b, "r".repeat(50), "b2");

    List<HealStep> ofA = runs.steps(a);
    assertThat(ofA).extracting(HealStep::seq).containsExactly(1, 2);
    assertThat(ofA).extracting(HealStep::stage).containsExactly("start", "reproduce");
    assertThat(ofA.get(0)).isEqualTo(new HealStep(a, 1, "start", "a1", T0));
    String cut = ofA.get(1).message();
    assertThat(cut).hasSize(HealRunStore.MESSAGE_CHARS).startsWith("a2\uFFFDxxx").endsWith("…");
    List<HealStep> ofB = runs.steps(b);
    assertThat(ofB).extracting(HealStep::message).containsExactly("b1", "b2");
    assertThat(ofB.get(1).stage()).hasSize(HealRunStore.STAGE_CHARS).startsWith("rrr");

    assertThat(runs.incidentSteps(i1)).containsOnlyKeys(a).containsEntry(a, ofA);
    assertThat(runs.incidentSteps(i2)).containsOnlyKeys(b).containsEntry(b, ofB);
    assertThat(runs.steps(9999)).isEmpty();
    assertThatThrownBy(() -> runs.addStep(9999, "start", "no such run"))
        .isInstanceOf(StoreException.class);
    assertThat(store.healRun(a).orElseThrow().incidentId()).isEqualTo(i1);
    assertThat(store.healRun(9999)).isEmpty();
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
    writer.write(List.of(event(p, "f1", 1, "1.0"), event(p, "f1", 2, "1.1")));
    writer.write(List.of(event(p, "f2", 3, "1.0")));
    writer.write(List.of(event(p, "f1", 4, "1.1")));

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
    writer.write(List.of(event(p, "f", 1, "1.0")));
    long id = store.incidents(p, 1).get(0).id();
    assertThat(store.moveStatus(id, IncidentStatus.OPEN, IncidentStatus.RESOLVED)).isTrue();
    assertThat(store.moveStatus(id, IncidentStatus.OPEN, IncidentStatus.HEALING)).isFalse();
    writer.write(List.of(event(p, "f", 2, "1.1")));
    Incident i = store.incident(id).orElseThrow();
    assertThat(i.status()).isEqualTo(IncidentStatus.REGRESSED);
    assertThat(i.count()).isEqualTo(2);
  }

  @Test
  void manyEventsCommitInOneTransaction() throws Exception {
    long p = store.createProject("svc", Optional.empty(), List.of()).id();
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      events.add(event(p, "f" + (i % 7), i, "r" + (i % 3)));
    }
    writer.write(events);
    assertThat(store.incidents(p, 100)).hasSize(7);
    assertThat(store.incidents(p, 100).stream().mapToLong(Incident::count).sum()).isEqualTo(900);
    assertThat(store.eventIds(p)).hasSize(900);
  }

  @Test
  void theJournalPositionCommitsWithItsEventsOrNotAtAll() throws Exception {
    long p = store.createProject("svc", Optional.empty(), List.of()).id();
    assertThat(writer.appliedSeq("journal-a")).isZero();
    assertThat(writer.appliedSeq("journal-b")).isZero();
    writer.write(
        List.of(event(p, "f", 1, "1.0"), event(p, "f", 2, "1.0")),
        List.of(new JournalPosition("journal-a", 2)));
    assertThat(writer.appliedSeq("journal-a")).isEqualTo(2);
    assertThat(writer.appliedSeq("journal-b")).isZero();

    // An event of a project that does not exist fails the batch: neither its valid neighbour
    // nor the position move.
    assertThatThrownBy(
            () ->
                writer.write(
                    List.of(event(p, "f", 3, "1.0"), event(9999, "g", 4, "1.0")),
                    List.of(new JournalPosition("journal-a", 4))))
        .isInstanceOf(java.sql.SQLException.class);
    assertThat(writer.appliedSeq("journal-a")).isEqualTo(2);
    assertThat(store.eventIds(p)).hasSize(2);
    assertThat(store.incidents(p, 10).get(0).count()).isEqualTo(2);

    // Only the position: how the applier moves past an event it set aside.
    writer.write(List.of(), List.of(new JournalPosition("journal-a", 4)));
    assertThat(writer.appliedSeq("journal-a")).isEqualTo(4);
    assertThatThrownBy(() -> writer.write(List.of(), List.of(new JournalPosition("unknown", 1))))
        .hasMessageContaining("unknown");
  }

  @Test
  void storageIsWritable() {
    assertThat(db.writable()).isTrue();
  }

  long count(long project) {
    return store.incidents(project, 100).stream().mapToLong(Incident::count).sum();
  }

  @Test
  void anEventIdIsStoredAndCountedOncePerProject() throws Exception {
    long p = store.createProject("dup", Optional.empty(), List.of()).id();
    long other = store.createProject("other", Optional.empty(), List.of()).id();
    NewEvent e = event(p, "fp", 1, "1.0");
    for (int i = 0; i < 5; i++) {
      writer.write(List.of(e));
    }
    writer.write(List.of(e, e, event(other, "fp", 1, "1.0")));
    assertThat(store.eventIds(p)).containsExactly(e.eventId());
    assertThat(count(p)).isEqualTo(1);
    // The same id in another project is another event.
    assertThat(store.eventIds(other)).containsExactly(e.eventId());

    // A writer of a restarted server knows the database's recent events.
    new EventWriter(db, EventWriter.Listener.NONE).write(List.of(e));
    assertThat(store.eventIds(p)).hasSize(1);
    assertThat(count(p)).isEqualTo(1);
  }

  @Test
  void deDuplicationCoversTheLastWindowOfEvents() throws Exception {
    long p = store.createProject("window", Optional.empty(), List.of()).id();
    List<Integer> dropped = new ArrayList<>();
    EventWriter small =
        new EventWriter(
            db,
            new EventWriter.Listener() {
              @Override
              public void committed(int events, long nanos) {}

              @Override
              public void duplicates(int events) {
                dropped.add(events);
              }
            },
            2);
    NewEvent a = event(p, "fp", 1, "1.0");
    small.write(List.of(a, event(p, "fp", 2, "1.0")));
    small.write(List.of(a));
    assertThat(dropped).containsExactly(1);
    small.write(List.of(event(p, "fp", 3, "1.0"), event(p, "fp", 4, "1.0")));
    small.write(List.of(a)); // out of the window of 2: stored again, as documented
    assertThat(store.eventIds(p)).hasSize(5);
  }

  @Test
  void aProjectsOwnEventsPerMinuteIsStoredAndCleared() {
    ProjectQuotas quotas = new ProjectQuotas(db);
    long p = store.createProject("q", Optional.empty(), List.of()).id();
    assertThat(quotas.eventsPerMinute(p)).isEmpty();
    assertThat(quotas.setEventsPerMinute(p, java.util.OptionalInt.of(120))).isTrue();
    assertThat(quotas.eventsPerMinute(p)).hasValue(120);
    assertThat(quotas.setEventsPerMinute(p, java.util.OptionalInt.empty())).isTrue();
    assertThat(quotas.eventsPerMinute(p)).isEmpty();
    assertThat(quotas.setEventsPerMinute(999_999, java.util.OptionalInt.of(1))).isFalse();
    assertThatThrownBy(() -> quotas.setEventsPerMinute(p, java.util.OptionalInt.of(0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
