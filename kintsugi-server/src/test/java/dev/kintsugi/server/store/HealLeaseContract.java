package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.server.heal.HealAdmission;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heal runs shared by several nodes: claims, leases, takeovers, restarts and queueing, each node a
 * {@link HealRunStore} over a pool ({@link Database}) of its own on one database.
 */
abstract class HealLeaseContract {
  static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(30);
  static final String A = "node-a";
  static final String B = "node-b";

  /** Two pools on one database: two nodes. */
  Database db;

  Database other;
  Store store;
  EventWriter writer;
  long project;

  /** A JDBC URL to a fresh, empty database. */
  abstract String freshUrl() throws Exception;

  /** Whether the database is opened by one process only (H2): a start reclaims every run. */
  abstract boolean oneProcess();

  void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    String url = freshUrl();
    db = Database.open(url);
    other = Database.open(url);
    store = new Store(db, Clock.fixed(T0, ZoneOffset.UTC), new SecureRandom());
    writer = new EventWriter(db, EventWriter.Listener.NONE);
    project = store.createProject("shop", Optional.of("/r"), List.of()).id();
    new HealPolicyStore(db)
        .set(
            project,
            new HealPolicy(HealPolicy.MAX_PER_HOUR, 64, HealPolicy.MAX_PER_HOUR, List.of(), 1));
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      other.close();
      db.close();
      dispose();
    }
  }

  /** Node {@code db}'s store, its clock at {@code T0 + seconds}. */
  static HealRunStore at(Database db, long seconds) {
    return new HealRunStore(db, Clock.fixed(T0.plusSeconds(seconds), ZoneOffset.UTC));
  }

  /** {@code n} new incidents, each queued once; their runs' ids. */
  List<Long> queued(int n) throws Exception {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(StorageContract.event(project, "f" + i, i, "1.0"));
    }
    writer.write(events);
    HealRunStore runs = at(db, 0);
    List<Long> ids = new ArrayList<>();
    for (HealRunStore.Due due : runs.due()) {
      ids.add(runs.queue(due).orElseThrow());
    }
    assertThat(ids).hasSize(n);
    return ids;
  }

  private static final IncidentHealOutcome FIXED =
      new IncidentHealOutcome(
          "fixed",
          "fixed",
          Optional.of("kintsugi/fix-1"),
          Optional.of("abc"),
          Optional.of(0.8),
          true,
          "{}");

  @Test
  void twoNodesClaimingAtOnceTakeEachRunOnce() throws Exception {
    List<Long> ids = queued(24);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      CyclicBarrier start = new CyclicBarrier(6);
      List<Future<List<Long>>> claimers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        HealRunStore node = at(t % 2 == 0 ? db : other, 0);
        String name = t % 2 == 0 ? A : B;
        Callable<List<Long>> claim =
            () -> {
              start.await(10, TimeUnit.SECONDS);
              List<Long> mine = new ArrayList<>();
              Optional<HealRunStore.Claimed> next;
              while ((next = node.claimNext(name, LEASE)).isPresent()) {
                mine.add(next.get().runId());
              }
              return mine;
            };
        claimers.add(pool.submit(claim));
      }
      List<Long> claimed = new ArrayList<>();
      for (Future<List<Long>> f : claimers) {
        claimed.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
    assertThat(actions("heal.started")).hasSize(24);
    assertThat(at(db, 0).backlog()).isZero();
    assertThat(at(db, 31).backlog()).as("every lease expired").isEqualTo(24);
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheOldOwnerMayNotFinish() throws Exception {
    long run = queued(1).get(0);
    HealRunStore.Claimed first = at(db, 0).claimNext(A, LEASE).orElseThrow();
    assertThat(first.runId()).isEqualTo(run);
    assertThat(first.claims()).isEqualTo(1);
    assertThat(first.previousOwner()).isEmpty();
    assertThat(at(other, 29).claimNext(B, LEASE)).as("the lease holds").isEmpty();
    assertThat(at(other, 29).backlog()).isZero();
    assertThat(at(other, 31).backlog()).isEqualTo(1);

    HealRunStore.Claimed taken = at(other, 31).claimNext(B, LEASE).orElseThrow();
    assertThat(taken.runId()).isEqualTo(run);
    assertThat(taken.claims()).isEqualTo(2);
    assertThat(taken.previousOwner()).contains(A);
    assertThat(taken.takeover(B)).isTrue();
    AuditEntry resumed = actions("heal.resumed").get(0);
    assertThat(resumed.healRun()).isEqualTo(run);
    assertThat(resumed.detail()).containsEntry("node", B).containsEntry("from", A);

    assertThat(at(db, 32).renew(A, LEASE, List.of(run)))
        .as("A's renewal finds it lost")
        .containsExactly(run);
    assertThat(at(db, 32).finish(run, A, FIXED)).as("A's finish is refused").isFalse();
    assertThat(store.healRuns(taken.incidentId()).get(0).status()).isEqualTo("running");
    assertThat(actions("heal.finished")).isEmpty();
    assertThat(at(other, 40).finish(run, B, FIXED)).isTrue();
    assertThat(store.healRuns(taken.incidentId()).get(0).status()).isEqualTo("fixed");
    assertThat(at(other, 41).finish(run, B, FIXED)).as("ended: not again").isFalse();
  }

  @Test
  void aHeartbeatKeepsALongRun() throws Exception {
    long run = queued(1).get(0);
    at(db, 0).claimNext(A, LEASE).orElseThrow();
    for (long s = 10; s <= 100; s += 10) {
      assertThat(at(db, s).renew(A, LEASE, List.of(run))).isEmpty();
      assertThat(at(other, s + 15).claimNext(B, LEASE)).isEmpty();
    }
    assertThat(at(other, 131).claimNext(B, LEASE)).isPresent();
  }

  @Test
  void aNodeRestartedUnderItsIdTakesItsRunsBackAtOnce() throws Exception {
    List<Long> ids = queued(2);
    long mine = at(db, 0).claimNext(A, LEASE).orElseThrow().runId();
    long theirs = at(other, 0).claimNext(B, LEASE).orElseThrow().runId();
    assertThat(List.of(mine, theirs)).containsExactlyInAnyOrderElementsOf(ids);

    assertThat(at(db, 1).reclaim(A)).isEqualTo(oneProcess() ? 2 : 1);
    HealRunStore.Claimed again = at(db, 1).claimNext(A, LEASE).orElseThrow();
    assertThat(again.runId()).isEqualTo(mine);
    assertThat(again.previousOwner()).contains(A);
    assertThat(again.takeover(A)).isFalse();
    if (!oneProcess()) {
      assertThat(at(db, 2).claimNext(A, LEASE)).as("B's lease holds").isEmpty();
    }
    assertThat(actions("heal.resumed"))
        .extracting(e -> e.detail().get("why"))
        .contains("queued again");
  }

  @Test
  void aReleasedLeaseOrARunWithoutOwnerIsClaimableAtOnce() throws Exception {
    List<Long> ids = queued(2);
    long run = at(db, 0).claimNext(A, LEASE).orElseThrow().runId();
    at(db, 1).release(A, List.of(run));
    HealRunStore.Claimed taken = at(other, 2).claimNext(B, LEASE).orElseThrow();
    assertThat(taken.runId()).isEqualTo(run);
    assertThat(taken.takeover(B)).isTrue();

    long old = ids.get(1);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE heal_run SET status = 'running', lease_owner = NULL, lease_until = NULL"
                    + " WHERE id = ?")) {
      ps.setLong(1, old); // as stored before leases (V34)
      ps.executeUpdate();
    }
    HealRunStore.Claimed resumed = at(other, 3).claimNext(B, LEASE).orElseThrow();
    assertThat(resumed.runId()).isEqualTo(old);
    assertThat(resumed.previousOwner()).isEmpty();
  }

  @Test
  void nodesQueueingTheSameIncidentsAtOnceQueueEachOnce() throws Exception {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(StorageContract.event(project, "f" + i, i, "1.0"));
    }
    writer.write(events);
    List<HealRunStore.Due> due = at(db, 0).due();
    assertThat(due).hasSize(12);
    HealRunStore mine = at(db, 0);
    HealRunStore theirs = at(other, 0);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<Integer>> queuers = new ArrayList<>();
      for (HealRunStore node : List.of(mine, theirs)) {
        queuers.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  int n = 0;
                  for (HealRunStore.Due d : due) { // read before either queued: both see all due
                    n += node.queue(d).isPresent() ? 1 : 0;
                  }
                  return n;
                }));
      }
      int total = 0;
      for (Future<Integer> f : queuers) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(12);
    } finally {
      pool.shutdownNow();
    }
    assertThat(runsPerIncident().values()).hasSize(12).containsOnly(1);

    // Two admissions (two nodes' schedulers) on newer incidents: again one run each.
    List<NewEvent> more = new ArrayList<>();
    for (int i = 12; i < 24; i++) {
      more.add(StorageContract.event(project, "f" + i, i, "1.0"));
    }
    writer.write(more);
    HealAdmission first = new HealAdmission(mine, new HealPolicyStore(db), Clock.systemUTC());
    HealAdmission second = new HealAdmission(theirs, new HealPolicyStore(other), Clock.systemUTC());
    ExecutorService admitters = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> a = admitters.submit(first::admit);
      Future<Integer> b = admitters.submit(second::admit);
      assertThat(a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS)).isEqualTo(12);
    } finally {
      admitters.shutdownNow();
    }
    assertThat(runsPerIncident().values()).hasSize(24).containsOnly(1);
    assertThat(actions("heal.queued")).hasSize(24);
  }

  /** How many runs each incident has. */
  private Map<Long, Integer> runsPerIncident() throws Exception {
    Map<Long, Integer> out = new HashMap<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT incident_id FROM heal_run");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.merge(rs.getLong(1), 1, Integer::sum);
      }
    }
    return out;
  }

  private List<AuditEntry> actions(String action) {
    List<AuditEntry> out = new ArrayList<>();
    new AuditStore(db, Clock.systemUTC())
        .entries(Optional.empty())
        .forEach(
            e -> {
              if (e.action().equals(action)) {
                out.add(e);
              }
            });
    return Collections.unmodifiableList(out);
  }
}
