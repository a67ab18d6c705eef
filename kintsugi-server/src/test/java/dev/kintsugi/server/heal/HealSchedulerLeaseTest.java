package dev.kintsugi.server.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.AutoHeal;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.NewEvent;
import dev.kintsugi.server.store.PostgresSchema;
import dev.kintsugi.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' heal schedulers on one database (PostgreSQL when {@code KINTSUGI_TEST_PG_URL} is set,
 * else H2): a heal longer than its lease stays its node's while the heartbeat renews it, and a run
 * taken over by another node is abandoned, never finished.
 */
class HealSchedulerLeaseTest {

  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final String EVENT =
      "{\"event_id\":\"abc\",\"exception\":{\"values\":[{\"type\":\"NullPointerException\","
          + "\"module\":\"java.lang\",\"value\":\"boom\",\"stacktrace\":{\"frames\":["
          + "{\"module\":\"com.acme.Cart\",\"function\":\"total\",\"filename\":\"Cart.java\","
          + "\"lineno\":12,\"in_app\":true}]}}]}}";

  @TempDir Path dir;
  private PostgresSchema schema;
  private Database db;
  private Database other;
  private final List<HealScheduler> schedulers = new ArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    String url;
    String pg = System.getenv("KINTSUGI_TEST_PG_URL");
    if (pg != null && !pg.isBlank()) {
      schema = new PostgresSchema("s_");
      url = schema.url();
    } else {
      url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
    }
    db = Database.open(url);
    other = Database.open(url);
  }

  @AfterEach
  void close() throws Exception {
    schedulers.forEach(HealScheduler::close);
    other.close();
    db.close();
    if (schema != null) {
      schema.drop();
    }
  }

  /** Counts what a node's scheduler reports. */
  private static final class Counts implements HealScheduler.Listener {
    final AtomicInteger claimed = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    final List<String> healed = new CopyOnWriteArrayList<>();

    @Override
    public void healed(String status) {
      healed.add(status);
    }

    @Override
    public void claimed(boolean takeover) {
      claimed.incrementAndGet();
    }

    @Override
    public void leaseLost() {
      lost.incrementAndGet();
    }
  }

  /** Heals by waiting until released (fixed) or interrupted (an error). */
  private static final class Waiting implements IncidentHealer {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public IncidentHealOutcome heal(IncidentHealRequest request) {
      calls.incrementAndGet();
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.countDown();
        return IncidentHealOutcome.error("interrupted", "{}");
      }
      return new IncidentHealOutcome(
          "fixed",
          "fixed",
          Optional.of("kintsugi/fix-x"),
          Optional.of("abc"),
          Optional.of(0.9),
          true,
          "{}");
    }
  }

  private HealScheduler start(Database on, String node, IncidentHealer healer, Counts counts) {
    Clock clock = Clock.systemUTC();
    Store store = new Store(on, clock, new SecureRandom());
    HealRunStore runs = new HealRunStore(on, clock);
    HealPolicyStore policies = new HealPolicyStore(on);
    HealScheduler scheduler =
        new HealScheduler(
            store,
            runs,
            new HealAdmission(runs, policies, clock),
            policies,
            new AuditStore(on, clock),
            healer,
            Duration.ofMillis(100),
            line -> log.add(node + ": " + line),
            counts,
            1,
            new DeliverySettingsStore(on, clock),
            new FixWatchStore(on, clock),
            new FixNews(List.of(), clock, log::add),
            node,
            LEASE);
    schedulers.add(scheduler);
    return scheduler.start();
  }

  @Test
  void theHeartbeatKeepsALongHealAndALostRunIsAbandoned() throws Exception {
    Store store = new Store(db, Clock.systemUTC(), new SecureRandom());
    long project = store.createProject("shop", Optional.of("/r"), List.of("com.acme")).id();
    store.setAutoHeal(project, AutoHeal.OFF); // queued by hand below
    new EventWriter(db, EventWriter.Listener.NONE)
        .write(
            List.of(
                new NewEvent(
                    project,
                    "a".repeat(32),
                    "f1",
                    "Boom",
                    "com.acme.Cart.total",
                    Optional.empty(),
                    Optional.empty(),
                    Instant.now(),
                    EVENT.getBytes(StandardCharsets.UTF_8))));
    long incident = store.incidents(project, 1).get(0).id();
    HealRunStore runs = new HealRunStore(db, Clock.systemUTC());

    Waiting a = new Waiting();
    Counts aCounts = new Counts();
    start(db, "node-a", a, aCounts);
    long first = runs.enqueue(incident, "test").orElseThrow();
    assertThat(a.entered.await(30, TimeUnit.SECONDS)).isTrue();
    Waiting b = new Waiting();
    Counts bCounts = new Counts();
    start(other, "node-b", b, bCounts);

    // A heal of one and a half leases: node b polls all along, and never gets the run.
    Thread.sleep(LEASE.toMillis() * 3 / 2);
    assertThat(b.calls).hasValue(0);
    assertThat(owner(first)).isEqualTo("node-a");
    a.release.countDown();
    until(() -> aCounts.healed.contains("fixed"));
    assertThat(store.healRuns(incident))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("fixed"));
    assertThat(actions(incident)).contains("heal.started").doesNotContain("heal.resumed");

    // The next run: taken over by another node (as after an expired lease) while a heals it.
    schedulers.forEach(HealScheduler::close);
    schedulers.clear();
    Waiting again = new Waiting();
    Counts cCounts = new Counts();
    HealScheduler restarted = start(db, "node-a", again, cCounts);
    long second = runs.enqueue(incident, "test").orElseThrow();
    assertThat(again.entered.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(owner(second)).isEqualTo("node-a");
    execute("UPDATE heal_run SET lease_owner = 'node-c' WHERE id = " + second);
    assertThat(again.interrupted.await(30, TimeUnit.SECONDS))
        .as("the heal is interrupted")
        .isTrue();
    until(() -> cCounts.lost.get() == 1);
    Thread.sleep(300); // would a finish follow, it would be stored by now
    assertThat(store.healRuns(incident))
        .filteredOn(r -> r.id() == second)
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("running"));
    assertThat(owner(second)).isEqualTo("node-c");
    assertThat(cCounts.healed).isEmpty();
    assertThat(actions(incident).stream().filter("heal.finished"::equals).count()).isEqualTo(1);
    assertThat(log).anySatisfy(line -> assertThat(line).contains("lost its lease"));
    assertThat(restarted.running()).isZero();
  }

  /** Polls for up to 30 s (generous: two cores shared by several builds). */
  private static void until(java.util.function.BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not met within 30 s");
      }
      Thread.sleep(50);
    }
  }

  private String owner(long run) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT lease_owner FROM heal_run WHERE id = ?")) {
      ps.setLong(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  private List<String> actions(long incident) {
    return new AuditStore(db, Clock.systemUTC())
        .newest(incident, Optional.empty(), 100).stream().map(AuditEntry::action).toList();
  }
}
