package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.server.store.RuntimeIncidentStore.Cause;
import dev.kintsugi.server.store.RuntimeIncidentStore.Episode;
import dev.kintsugi.server.store.RuntimeIncidentStore.Opening;
import dev.kintsugi.server.store.RuntimeIncidentStore.Trigger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runtime incidents, their diagnosis and the readers diagnosis uses, on every database. */
abstract class RuntimeIncidentStoreContract {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  Database db;
  Store store;
  RuntimeIncidentStore incidents;
  EventWriter writer;
  long project;

  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    db = Database.open(freshUrl());
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    store = new Store(db, clock, new SecureRandom());
    incidents = new RuntimeIncidentStore(db, clock);
    writer = new EventWriter(db, EventWriter.Listener.NONE);
    // Heals every new incident: a runtime incident must still never be picked.
    project = store.createProject("shop", Optional.of("/repo"), List.of("com.acme")).id();
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
      dispose();
    }
  }

  static Trigger anomaly(int second) {
    return new Trigger(
        "anomaly",
        "shop/http_errors",
        "anomaly on shop/http_errors: value 42, score 0.97",
        T0.plusSeconds(second));
  }

  private void event(String fingerprint, int second, String release) throws Exception {
    writer.write(
        List.of(
            new NewEvent(
                project,
                String.format("%032x", (long) fingerprint.hashCode() * 1000 + second),
                fingerprint,
                "Boom " + fingerprint,
                "com.acme.Svc.run",
                Optional.of(release),
                Optional.of("prod"),
                T0.plusSeconds(second),
                "{}".getBytes(StandardCharsets.UTF_8))));
  }

  private List<String> trail(long incident) {
    return new AuditStore(db, Clock.systemUTC())
        .newest(incident, Optional.empty(), 100).stream().map(AuditEntry::action).toList();
  }

  @Test
  void repeatsOfOneSignalAreOneRuntimeIncidentCountedWhileItIsOpen() {
    Opening first = incidents.open(project, "Anomaly on shop/http_errors", anomaly(0));
    Opening again = incidents.open(project, "Anomaly on shop/http_errors", anomaly(30));
    Opening other =
        incidents.open(
            project,
            "Health check db failing",
            new Trigger("health", "db", "db failing 3 times: connection refused", T0));

    assertThat(first.episode()).isEqualTo(Episode.OPENED);
    assertThat(first.needsDiagnosis()).isTrue();
    assertThat(again).isEqualTo(new Opening(first.incidentId(), Episode.REPEATED));
    assertThat(again.needsDiagnosis()).isFalse();
    assertThat(other.incidentId()).isNotEqualTo(first.incidentId());
    Incident incident = store.incident(first.incidentId()).orElseThrow();
    assertThat(incident.kind()).isEqualTo(IncidentKind.RUNTIME);
    assertThat(incident.healable()).isFalse();
    assertThat(incident.count()).isEqualTo(2);
    assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(incident.title()).isEqualTo("Anomaly on shop/http_errors");
    assertThat(incident.culprit()).isEqualTo("shop/http_errors");
    assertThat(incident.fingerprint()).startsWith("rt:");
    assertThat(incident.firstSeen()).isEqualTo(T0);
    assertThat(incident.lastSeen()).isEqualTo(T0.plusSeconds(30));
    assertThat(incidents.diagnosis(first.incidentId()).orElseThrow().trigger())
        .as("the first signal of the episode")
        .isEqualTo(anomaly(0));
    assertThat(trail(first.incidentId())).containsExactly("runtime.opened");
  }

  @Test
  void causesAreStoredInRankOrderAndAResolvedIncidentReopensAsANewEpisode() {
    long id = incidents.open(project, "Anomaly", anomaly(0)).incidentId();
    assertThat(incidents.diagnosis(id).orElseThrow().diagnosedAt()).isEmpty();
    List<Cause> causes =
        List.of(
            new Cause(1, "release", "1.4.2", 0.95, "release 1.4.2 first seen 3 min before"),
            new Cause(2, "series", "shop/db_pool", 0.8, "shop/db_pool rose 40 s earlier"));
    assertThat(incidents.diagnosed(id, causes)).isTrue();

    RuntimeIncidentStore.Diagnosis stored = incidents.diagnosis(id).orElseThrow();
    assertThat(stored.causes()).containsExactlyElementsOf(causes);
    assertThat(stored.diagnosedAt()).contains(T0);

    assertThat(incidents.resolve(id, T0.plusSeconds(120), "error rate back to normal")).isTrue();
    assertThat(incidents.resolve(id, T0.plusSeconds(130), "again")).as("once").isFalse();
    assertThat(store.incident(id).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(incidents.diagnosis(id).orElseThrow().resolvedAt()).contains(T0.plusSeconds(120));

    Opening back = incidents.open(project, "Anomaly", anomaly(600));
    assertThat(back).isEqualTo(new Opening(id, Episode.REOPENED));
    assertThat(store.incident(id).orElseThrow().status()).isEqualTo(IncidentStatus.OPEN);
    RuntimeIncidentStore.Diagnosis reopened = incidents.diagnosis(id).orElseThrow();
    assertThat(reopened.trigger().detectedAt()).isEqualTo(T0.plusSeconds(600));
    assertThat(reopened.causes()).as("the old episode's causes are gone").isEmpty();
    assertThat(reopened.diagnosedAt()).isEmpty();
    assertThat(reopened.resolvedAt()).isEmpty();
    assertThat(trail(id))
        .containsExactly(
            "runtime.reopened", "runtime.resolved", "runtime.diagnosed", "runtime.opened");
  }

  @Test
  void errorIncidentsAreNeitherDiagnosedNorResolvedHere() throws Exception {
    event("f1", 0, "1.0");
    long error = store.incidents(project, 10).get(0).id();

    assertThat(incidents.diagnosed(error, List.of())).isFalse();
    assertThat(incidents.resolve(error, T0, "x")).isFalse();
    assertThat(incidents.diagnosis(error)).isEmpty();
    assertThat(store.incident(error).orElseThrow().status()).isEqualTo(IncidentStatus.OPEN);
  }

  @Test
  void codeHealingNeverPicksARuntimeIncident() throws Exception {
    HealRunStore runs = new HealRunStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    event("f1", 0, "1.0");
    long error = store.incidents(project, 10).get(0).id();
    long runtime = incidents.open(project, "Anomaly", anomaly(1)).incidentId();

    assertThat(runs.due()).extracting(HealRunStore.Due::incidentId).containsExactly(error);
    assertThat(runs.enqueue(runtime, "asked by hand")).isEmpty();
    assertThat(runs.enqueue(error, "asked by hand")).isPresent();
  }

  @Test
  void releasesAreNewWhenFirstSeenInTheWindowAndIncidentsWhenTheyStartedInIt() throws Exception {
    event("f1", 0, "1.4.1");
    event("f2", 500, "1.4.1"); // seen again later: not new at 500
    event("f3", 600, "1.4.2");
    event("f4", 900, "1.4.3");
    incidents.open(project, "Anomaly", anomaly(700));
    RecentChanges changes = new RecentChanges(db);

    assertThat(changes.releasesFirstSeen(project, T0.plusSeconds(100), T0.plusSeconds(800)))
        .containsExactly(new RecentChanges.ReleaseSeen("1.4.2", T0.plusSeconds(600)));
    assertThat(changes.incidentsStarted(project, T0.plusSeconds(400), T0.plusSeconds(800)))
        .as("error incidents only")
        .extracting(Incident::fingerprint)
        .containsExactly("f2", "f3");
  }

  @Test
  void theIncidentsOfAReleaseAreThoseWithItsEventsInTheWindowCounted() throws Exception {
    event("old", 0, "1.4.1");
    event("old", 610, "1.4.2"); // a known fingerprint the new release raises again
    event("new", 620, "1.4.2");
    event("new", 630, "1.4.2");
    event("new", 900, "1.4.2"); // after the window
    event("other", 640, "1.4.1"); // another release in the window
    incidents.open(project, "Anomaly", anomaly(650)); // a runtime incident is never one of them
    RecentChanges changes = new RecentChanges(db);

    List<RecentChanges.ReleaseEvents> raised =
        changes.incidentsOfRelease(project, "1.4.2", T0.plusSeconds(600), T0.plusSeconds(800));
    assertThat(raised)
        .extracting(r -> r.incident().fingerprint(), RecentChanges.ReleaseEvents::events)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("old", 1L),
            org.assertj.core.groups.Tuple.tuple("new", 2L));
    assertThat(changes.incidentsOfRelease(project, "9.9", T0, T0.plusSeconds(1000))).isEmpty();
  }
}
