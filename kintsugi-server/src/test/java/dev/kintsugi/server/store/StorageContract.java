package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.incident.IncidentHealOutcome;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
  static final String NODE = "node-a";
  static final Duration LEASE = Duration.ofSeconds(30);

  Database db;
  Store store;
  EventWriter writer;

  /** A JDBC URL to a fresh, empty database. */
  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  /** Whether the database itself refuses a second copy of an event (PostgreSQL, V35). */
  boolean uniqueEventIds() {
    return false;
  }

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
  void aProjectNamedIsTheFirstRegisteredOfThatName() {
    long first = store.createProject("shop", Optional.empty(), List.of()).id();
    store.createProject("other", Optional.empty(), List.of());
    store.createProject("shop", Optional.empty(), List.of());

    assertThat(store.projectNamed("shop")).map(Project::id).hasValue(first);
    assertThat(store.projectNamed("none")).isEmpty();
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

  /** One heal of {@code incident} on request, ended as {@code outcome} at {@code end}. */
  private void heal(long incident, Instant end, IncidentHealOutcome outcome) {
    HealRunStore at = new HealRunStore(db, Clock.fixed(end, ZoneOffset.UTC));
    long run = at.enqueue(incident, "test").orElseThrow();
    assertThat(at.claimNext(NODE, LEASE).orElseThrow().runId()).isEqualTo(run);
    at.finish(run, NODE, outcome);
  }

  private long incident(long project, String fingerprint) {
    return store.incidents(project, 100).stream()
        .filter(i -> i.fingerprint().equals(fingerprint))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static IncidentHealOutcome ended(String status, Optional<String> decision) {
    return new IncidentHealOutcome(
            status, status, Optional.empty(), Optional.empty(), Optional.empty(), false, "{}")
        .withDelivery(Optional.empty(), decision, Optional.empty());
  }

  @Test
  void overviewStatsCountByMinuteDayStatusAndOutcomeAndTakeTheMedianFixTime() throws Exception {
    long a = store.createProject("a", Optional.of("/r"), List.of()).id();
    long b = store.createProject("b", Optional.of("/r"), List.of()).id();
    writer.write(
        List.of(
            event(a, "f1", 1, "1.0"),
            event(a, "f2", 2, "1.0"),
            event(b, "g1", 30, "1.0"),
            event(a, "f1", 65, "1.0"),
            event(a, "f3", 120, "1.0")));
    long f1 = incident(a, "f1");
    long f2 = incident(a, "f2");
    long f3 = incident(a, "f3");
    long g1 = incident(b, "g1");
    Optional<String> none = Optional.empty();
    // Fixed 10, 20 and 60 minutes after their first events; f3 failed once first.
    heal(f1, T0.plusSeconds(1 + 600), ended("fixed", none));
    heal(f2, T0.plusSeconds(2 + 1200), ended("fixed", Optional.of("require_approval")));
    heal(f3, T0.plusSeconds(300), ended("not_fixed", none));
    heal(f3, T0.plusSeconds(120 + 3600), ended("fixed", none));
    heal(g1, T0.plusSeconds(400), ended("error", none));
    for (long fixed : new long[] {f1, f2, f3}) {
      assertThat(store.moveStatus(fixed, IncidentStatus.OPEN, IncidentStatus.FIX_PROPOSED))
          .isTrue();
    }

    OverviewStats early = new OverviewStats(db, Clock.fixed(T0.plusSeconds(150), ZoneOffset.UTC));
    // The window is 09:03 to 10:02, the current minute last.
    List<Long> all = early.eventsPerMinute(Optional.empty());
    assertThat(all).hasSize(OverviewStats.MINUTES);
    assertThat(all.subList(57, 60)).containsExactly(3L, 1L, 1L);
    assertThat(all.stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
    assertThat(early.eventsPerMinute(Optional.of(a)).subList(57, 60)).containsExactly(2L, 1L, 1L);
    assertThat(
            new OverviewStats(db, Clock.fixed(T0.plusSeconds(3600 + 60), ZoneOffset.UTC))
                .eventsPerMinute(Optional.empty()))
        .as("an hour later only the 10:02 event is left, first in the window")
        .startsWith(1L)
        .containsOnly(0L, 1L);

    OverviewStats stats = new OverviewStats(db, Clock.fixed(T0.plusSeconds(4000), ZoneOffset.UTC));
    assertThat(stats.incidentsByStatus())
        .containsExactlyInAnyOrder(
            new OverviewStats.StatusCount(a, IncidentStatus.FIX_PROPOSED, none, 2),
            new OverviewStats.StatusCount(
                a, IncidentStatus.FIX_PROPOSED, Optional.of("require_approval"), 1),
            new OverviewStats.StatusCount(b, IncidentStatus.OPEN, none, 1));

    OverviewStats.Outcomes outcomes = stats.healOutcomes(Optional.empty());
    assertThat(outcomes.allTime()).isEqualTo(new OverviewStats.HealCounts(3, 1, 1));
    assertThat(outcomes.recent()).isEqualTo(new OverviewStats.HealCounts(3, 1, 1));
    assertThat(stats.healOutcomes(Optional.of(b)).allTime())
        .isEqualTo(new OverviewStats.HealCounts(0, 0, 1));
    OverviewStats weekLater =
        new OverviewStats(db, Clock.fixed(T0.plus(Duration.ofDays(8)), ZoneOffset.UTC));
    assertThat(weekLater.healOutcomes(Optional.of(a)))
        .isEqualTo(
            new OverviewStats.Outcomes(
                new OverviewStats.HealCounts(0, 0, 0), new OverviewStats.HealCounts(3, 1, 0)));

    assertThat(stats.fixTimes(Optional.empty()))
        .isEqualTo(new OverviewStats.FixTimes(3, Optional.of(Duration.ofMinutes(20))));
    assertThat(stats.fixTimes(Optional.of(b)))
        .isEqualTo(new OverviewStats.FixTimes(0, Optional.empty()));

    List<OverviewStats.Day> days = stats.days(Optional.empty());
    assertThat(days).hasSize(OverviewStats.DAYS);
    assertThat(days.get(0).day()).isEqualTo(LocalDate.parse("2024-12-19"));
    assertThat(days.get(13))
        .isEqualTo(new OverviewStats.Day(LocalDate.parse("2025-01-01"), 5, 4, 3));
    assertThat(days.subList(0, 13))
        .allSatisfy(d -> assertThat(d.events() + d.incidentsOpened() + d.healsFixed()).isZero());
    assertThat(weekLater.days(Optional.of(a)).get(5))
        .isEqualTo(new OverviewStats.Day(LocalDate.parse("2025-01-01"), 4, 3, 3));
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
    HealRunStore.Claimed claimed = runs.claimNext(NODE, LEASE).orElseThrow();
    assertThat(claimed.projectId()).isEqualTo(withRepo);
    assertThat(claimed.trigger()).isEqualTo("new incident");
    assertThat(runs.claimNext(NODE, LEASE)).isEmpty();
    assertThat(runs.enqueue(claimed.incidentId(), "api")).isEmpty(); // one is running
    assertThat(runs.reclaim(NODE)).isEqualTo(1);
    assertThat(runs.claimNext(NODE, LEASE).orElseThrow().runId()).isEqualTo(claimed.runId());
    assertThat(runs.report(claimed.runId())).isEmpty();

    runs.finish(
        claimed.runId(),
        NODE,
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
    assertThat(runs.claimNext(NODE, LEASE).orElseThrow().trigger()).isEqualTo("seen 2 time(s)");
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
  void deliverySettingsDefaultUntilSetRoundTripAndAreRecordedWithoutThePolicyText() {
    long p = store.createProject("svc", Optional.of("/r"), List.of()).id();
    DeliverySettingsStore settings = new DeliverySettingsStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    assertThat(settings.get(p)).isEqualTo(DeliverySettings.DEFAULT);

    String policy = "thresholds:\n  \"*\":\n    \"*\": { autoMerge: 0.9 }\n";
    DeliverySettings pr =
        new DeliverySettings(
            DeliverySettings.PR,
            Optional.of("gitea"),
            Optional.of("https://git.example.com/api/v1"),
            Optional.of("acme/shop"),
            Optional.of("main"),
            Optional.of("staging"),
            Optional.of("critical"),
            Optional.of(policy));
    settings.set(p, pr);
    assertThat(settings.get(p)).isEqualTo(pr);
    settings.set(p, DeliverySettings.DEFAULT);
    assertThat(settings.get(p)).isEqualTo(DeliverySettings.DEFAULT);

    AuditStore audit = new AuditStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    List<dev.kintsugi.core.audit.AuditEntry> changes =
        audit.page(Optional.of(p), Optional.empty(), 0, 100).stream()
            .filter(e -> e.action().equals("project.delivery_changed"))
            .toList();
    assertThat(changes).hasSize(2);
    assertThat(changes.get(0).actor()).isEqualTo(AuditStore.ADMIN);
    assertThat(changes.get(0).detail())
        .containsEntry("mode", "pr")
        .containsEntry("previous.mode", "branch")
        .containsEntry("forgeRepo", "acme/shop");
    assertThat(changes.get(0).detail().get("policy"))
        .contains("sha256")
        .doesNotContain("autoMerge");
    assertThat(changes.get(1).detail()).containsEntry("mode", "branch").containsEntry("policy", "");
    assertThat(audit.verify(Optional.of(p)).ok()).isTrue();
  }

  /** A fixed run of a new incident of {@code project}, as the scheduler stores it. */
  private long fixedRun(HealRunStore runs, long project, String fingerprint, int second)
      throws Exception {
    writer.write(List.of(event(project, fingerprint, second, "1.0")));
    queueDue(runs);
    HealRunStore.Claimed claimed = runs.claimNext(NODE, LEASE).orElseThrow();
    runs.finish(
        claimed.runId(),
        NODE,
        new dev.kintsugi.core.incident.IncidentHealOutcome(
                "fixed",
                "fixed",
                Optional.of("kintsugi/fix-1"),
                Optional.of("f1f1f1f1f1f1"),
                Optional.of(0.8),
                true,
                "{}")
            .withDelivery(
                Optional.of(
                    new dev.kintsugi.core.incident.PullRequestRef("https://git.example/pr/4", 4)),
                Optional.of("require_approval"),
                Optional.empty()));
    store.moveStatus(claimed.incidentId(), IncidentStatus.HEALING, IncidentStatus.FIX_PROPOSED);
    return claimed.runId();
  }

  @Test
  void aFixMergedByHandIsWatchedAndOnlyAReleaseWithTheFixRegressesItsIncident() throws Exception {
    HealRunStore runs = new HealRunStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    FixWatchStore watches = new FixWatchStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    long p = store.createProject("svc", Optional.of("/r"), List.of()).id();
    long run = fixedRun(runs, p, "f", 1);
    HealRun stored = store.healRun(run).orElseThrow();
    assertThat(stored.pullRequest()).contains("https://git.example/pr/4");
    assertThat(stored.pullRequestNumber()).contains(4);
    assertThat(stored.decision()).contains("require_approval");
    assertThat(stored.merged()).isFalse();
    long incident = stored.incidentId();

    FixWatch watch = watches.merged(run, Optional.of("e0e0e0e0e0e0"), "ana");

    assertThat(watch.state()).isEqualTo(FixWatch.WATCHING);
    assertThat(watch.commits()).containsExactly("f1f1f1f1f1f1", "e0e0e0e0e0e0");
    assertThat(watch.repository()).isEqualTo("/r");
    assertThat(store.healRun(run).orElseThrow().mergedBy()).contains("ana");
    assertThat(store.incident(incident).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThatThrownBy(() -> watches.merged(run, Optional.empty(), "bob"))
        .isInstanceOf(FixWatchStore.MergeRefused.class)
        .hasMessageContaining("merged already, by ana");
    assertThat(watches.watching()).extracting(FixWatch::id).containsExactly(watch.id());
    assertThat(watches.eventsAfter(watch, 10)).isEmpty();

    // Events of the watched incident no longer reopen it on their own (an old release may still
    // be deployed); they wait for the watch.
    writer.write(List.of(event(p, "f", 2, "0.9"), event(p, "f", 3, "2.0")));
    assertThat(store.incident(incident).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
    List<FixWatchStore.Sighting> seen = watches.eventsAfter(watch, 10);
    assertThat(seen).extracting(s -> s.release().orElseThrow()).containsExactly("0.9", "2.0");
    watches.advance(watch.id(), seen.get(0).rowId());
    FixWatch advanced = watches.get(watch.id()).orElseThrow();
    assertThat(watches.eventsAfter(advanced, 10)).hasSize(1);

    assertThat(watches.regressed(advanced, seen.get(1))).isTrue();
    assertThat(watches.regressed(advanced, seen.get(1))).as("once").isFalse();
    assertThat(store.incident(incident).orElseThrow().status()).isEqualTo(IncidentStatus.REGRESSED);
    watches.reverted(
        watch.id(),
        new dev.kintsugi.core.incident.RevertOutcome(
            true,
            "reverted",
            Optional.of("kintsugi/revert-f1f1"),
            Optional.of("abab"),
            Optional.of(
                new dev.kintsugi.core.incident.PullRequestRef("https://git.example/pr/5", 5)),
            "recorded as regressed"));
    FixWatch story = watches.latest(incident).orElseThrow();
    assertThat(story.state()).isEqualTo(FixWatch.REGRESSED);
    assertThat(story.regressedIn()).contains("2.0");
    assertThat(story.revertPullRequestNumber()).contains(5);
    assertThat(story.ledger()).contains("recorded as regressed");
    assertThat(watches.watching()).isEmpty();

    // The revert is a person's call: the regressed incident is not healed again by itself...
    assertThat(runs.due()).isEmpty();
    // ...until a person moves it on.
    assertThat(store.moveStatusByAdmin(incident, IncidentStatus.REGRESSED, IncidentStatus.OPEN))
        .isTrue();
    assertThat(watches.latest(incident).orElseThrow().state()).isEqualTo(FixWatch.CLOSED);

    AuditStore audit = new AuditStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    List<dev.kintsugi.core.audit.AuditEntry> trail =
        audit.page(Optional.of(p), Optional.of(incident), 0, 100);
    dev.kintsugi.core.audit.AuditEntry merged =
        trail.stream().filter(e -> e.action().equals("pull_request.merged")).findFirst().get();
    assertThat(merged.actor()).isEqualTo("ana");
    assertThat(merged.detail()).containsEntry("mergeCommit", "e0e0e0e0e0e0");
    dev.kintsugi.core.audit.AuditEntry regressed =
        trail.stream().filter(e -> e.action().equals("incident.regressed")).findFirst().get();
    assertThat(regressed.detail())
        .containsEntry("release", "2.0")
        .containsEntry("fixCommit", "f1f1f1f1f1f1")
        .containsEntry("from", "resolved");
    assertThat(trail)
        .extracting(dev.kintsugi.core.audit.AuditEntry::action)
        .containsSubsequence(
            "heal.finished", "pull_request.merged", "watch.started", "incident.regressed");
    assertThat(audit.verify(Optional.of(p)).ok()).isTrue();
  }

  @Test
  void aHealThatMergedItsFixIsWatchedAndALaterMergeReplacesTheWatch() throws Exception {
    HealRunStore runs = new HealRunStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    FixWatchStore watches = new FixWatchStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    long p = store.createProject("svc", Optional.of("/r"), List.of()).id();
    long first = fixedRun(runs, p, "f", 1);
    assertThatThrownBy(() -> watches.watchMergedRun(first))
        .isInstanceOf(FixWatchStore.MergeRefused.class);
    FixWatch byHand = watches.merged(first, Optional.empty(), "ana");
    assertThat(byHand.commits()).containsExactly("f1f1f1f1f1f1");
    long incident = byHand.incidentId();

    // The incident is healed again (by a person's request) and this heal merges its own fix.
    store.moveStatusByAdmin(incident, IncidentStatus.RESOLVED, IncidentStatus.OPEN);
    long second = runs.enqueue(incident, "api").orElseThrow();
    runs.claimNext(NODE, LEASE);
    store.moveStatus(incident, IncidentStatus.OPEN, IncidentStatus.HEALING);
    runs.finish(
        second,
        NODE,
        new dev.kintsugi.core.incident.IncidentHealOutcome(
                "fixed",
                "fixed",
                Optional.of("b"),
                Optional.of("c2c2c2c2c2"),
                Optional.of(0.99),
                true,
                "{}")
            .withDelivery(
                Optional.of(new dev.kintsugi.core.incident.PullRequestRef("https://x/pr/9", 9)),
                Optional.of("auto_merge"),
                Optional.of("d3d3d3d3d3")));
    HealRun merged = store.healRun(second).orElseThrow();
    assertThat(merged.merged()).isTrue();
    assertThat(merged.mergedBy()).contains("kintsugi");
    FixWatch watch = watches.watchMergedRun(second);

    assertThat(watch.commits()).containsExactly("c2c2c2c2c2", "d3d3d3d3d3");
    assertThat(store.incident(incident).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(watches.get(byHand.id()).orElseThrow().state()).isEqualTo(FixWatch.REPLACED);
    assertThat(watches.watching()).extracting(FixWatch::id).containsExactly(watch.id());
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
    small.write(List.of(a)); // out of the window of 2: H2 stores it again, as documented
    assertThat(store.eventIds(p)).hasSize(uniqueEventIds() ? 4 : 5);
    assertThat(count(p)).isEqualTo(uniqueEventIds() ? 4 : 5);
    // PostgreSQL: the unique index drops it (and the writer counts it as a duplicate).
    assertThat(dropped).hasSize(uniqueEventIds() ? 2 : 1).containsOnly(1);
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
