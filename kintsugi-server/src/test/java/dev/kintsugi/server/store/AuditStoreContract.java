package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.audit.AuditChain;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.audit.AuditHead;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.audit.AuditVerification;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit trail in the database, the same on every database: subclasses say which one. */
abstract class AuditStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

  Database db;
  AuditStore audit;
  Store store;

  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  /** Lets plain SQL change audit_entry (PostgreSQL refuses it otherwise). */
  void allowTampering(Statement s) throws SQLException {}

  @BeforeEach
  void open() throws Exception {
    db = Database.open(freshUrl());
    audit = new AuditStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    store = new Store(db, Clock.fixed(T0, ZoneOffset.UTC), new SecureRandom());
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
      dispose();
    }
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      allowTampering(s);
      s.executeUpdate(statement);
    }
  }

  private List<AuditEntry> all() {
    List<AuditEntry> out = new ArrayList<>();
    audit.entries(Optional.empty()).forEach(out::add);
    return out;
  }

  private static AuditRecord refused(int n) {
    return AuditRecord.system("candidate.refused", "gate", "compiles", "n", Integer.toString(n));
  }

  @Test
  void appendedEntriesChainPerProjectAndVerify() {
    AuditEntry a1 = audit.append(1L, 10L, 100L, refused(1));
    AuditEntry b1 = audit.append(2L, null, null, refused(2));
    AuditEntry a2 = audit.append(1L, 10L, 100L, refused(3));
    AuditEntry none = audit.append(null, null, null, refused(4));

    assertThat(all()).containsExactly(a1, b1, a2, none);
    assertThat(all()).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(a1.prevHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(b1.prevHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(a2.prevHash()).isEqualTo(a1.hash());
    assertThat(a1.at()).isEqualTo(T0);
    assertThat(audit.heads(Optional.empty()))
        .containsExactly(
            new AuditHead(null, 4, none.hash()),
            new AuditHead(1L, 3, a2.hash()),
            new AuditHead(2L, 2, b1.hash()));
    assertThat(audit.verify(Optional.empty()).ok()).isTrue();
    assertThat(audit.verify(Optional.empty()).entries()).isEqualTo(4);
    assertThat(audit.verify(Optional.of(1L)).entries()).isEqualTo(2);
    assertThat(audit.page(Optional.of(1L), Optional.empty(), 1, 10)).containsExactly(a2);
    assertThat(audit.page(Optional.empty(), Optional.of(10L), 0, 1)).containsExactly(a1);
  }

  @Test
  void textIsStoredAsHashedCutWithoutSplittingCharactersAndWithoutNul() {
    String emoji = "😀".repeat(AuditStore.VALUE_CHARS); // two chars each: the cut falls inside one
    AuditEntry e =
        audit.append(
            1L,
            null,
            null,
            AuditRecord.system("x.y", "long", emoji, "nul", "a\0b", "quote", "\"\n\\é"));

    AuditEntry stored = all().get(0);
    assertThat(stored).isEqualTo(e);
    assertThat(stored.detail().get("long")).hasSizeLessThanOrEqualTo(AuditStore.VALUE_CHARS);
    assertThat(stored.detail().get("long")).endsWith("😀…");
    assertThat(stored.detail().get("nul")).isEqualTo("a\uFFFDb");
    assertThat(audit.verify(Optional.empty()).ok()).isTrue();
  }

  @Test
  void aDetailEditedWithPlainSqlIsNamed() throws Exception {
    audit.append(1L, null, null, refused(1));
    audit.append(1L, null, null, refused(2));
    audit.append(1L, null, null, refused(3));

    sql("UPDATE audit_entry SET detail = '{\"gate\":\"none\",\"n\":\"2\"}' WHERE seq = 2");

    AuditVerification v = audit.verify(Optional.empty());
    assertThat(v.ok()).isFalse();
    assertThat(v.entries()).isEqualTo(1);
    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(2);
    assertThat(v.firstBad().orElseThrow().why()).startsWith("edited");
  }

  @Test
  void anActorTimeOrDetailNoLongerJsonIsNamed() throws Exception {
    for (int i = 1; i <= 3; i++) {
      audit.append(1L, null, null, refused(i));
    }
    sql("UPDATE audit_entry SET detail = 'not json' WHERE seq = 3");
    assertThat(audit.verify(Optional.empty()).firstBad().orElseThrow().seq()).isEqualTo(3);
    sql("UPDATE audit_entry SET recorded_at = recorded_at + INTERVAL '1' SECOND WHERE seq = 2");
    assertThat(audit.verify(Optional.empty()).firstBad().orElseThrow().seq()).isEqualTo(2);
    sql("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 1");
    assertThat(audit.verify(Optional.empty()).firstBad().orElseThrow().seq()).isEqualTo(1);
  }

  @Test
  void deletedMiddleAndLastEntriesAreFound() throws Exception {
    for (int i = 1; i <= 4; i++) {
      audit.append(i % 2 == 0 ? 2L : 1L, null, null, refused(i));
    }
    sql("DELETE FROM audit_entry WHERE seq = 4"); // project 2's last
    AuditVerification tail = audit.verify(Optional.empty());
    assertThat(tail.firstBad().orElseThrow().seq()).isEqualTo(4);
    assertThat(tail.firstBad().orElseThrow().why()).contains("project 2's chain ends at seq 2");
    assertThat(audit.verify(Optional.of(1L)).ok()).as("project 1 untouched").isTrue();

    audit.append(1L, null, null, refused(5)); // seq 5, after project 1's seq 3
    sql("DELETE FROM audit_entry WHERE seq = 3");
    AuditVerification middle = audit.verify(Optional.of(1L));
    assertThat(middle.firstBad().orElseThrow().seq()).isEqualTo(5);
    assertThat(middle.firstBad().orElseThrow().why())
        .contains("previous entry of project 1's chain is seq 1")
        .contains("deleted");
  }

  @Test
  void concurrentAppendsFromFourThreadsMakeOneValidChain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long project = 1 + t % 2;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    audit.append(project, null, null, refused(i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    List<AuditEntry> entries = all();
    assertThat(entries).hasSize(100);
    assertThat(entries.get(99).seq()).as("no gaps").isEqualTo(100);
    AuditVerification v = audit.verify(Optional.empty());
    assertThat(v.ok()).as(v.toString()).isTrue();
    assertThat(v.entries()).isEqualTo(100);
  }

  @Test
  void aLargeTrailIsWalkedPageByPage() throws Exception {
    int n = 2 * AuditStore.PAGE + 7;
    List<AuditStore.Draft> drafts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      drafts.add(new AuditStore.Draft(1L + i % 3, null, null, refused(i)));
    }
    Tx.run(db, c -> audit.append(c, drafts));

    AuditVerification v = audit.verify(Optional.empty());
    assertThat(v.ok()).isTrue();
    assertThat(v.entries()).isEqualTo(n);
    assertThat(audit.verify(Optional.of(2L)).entries()).isEqualTo((n + 1) / 3);
  }

  @Test
  void theStoresRecordTheirOwnTransitions() throws Exception {
    HealRunStore runs = new HealRunStore(db, Clock.fixed(T0, ZoneOffset.UTC));
    HealPolicyStore policies = new HealPolicyStore(db);
    EventWriter writer = new EventWriter(db, EventWriter.Listener.NONE);
    Project p = store.createProject("shop", Optional.of("/r"), List.of("com.acme"));
    store.setAutoHeal(p.id(), AutoHeal.OFF);
    store.setAutoHeal(p.id(), AutoHeal.ON_NEW);
    Project rotated = store.rotateKey(p.id()).orElseThrow();
    policies.set(p.id(), new HealPolicy(6, 4, 6, List.of("main"), 2));
    writer.write(List.of(event(p.id(), "e1", "f1"), event(p.id(), "e2", "f1")));
    writer.write(List.of(event(p.id(), "e3", "f1"))); // the same incident: nothing new
    long incident = store.incidents(p.id(), 10).get(0).id();
    HealRunStore.Due due = runs.due().get(0);
    long run = runs.queue(due).orElseThrow();
    runs.claimNext("node-a", java.time.Duration.ofSeconds(30)).orElseThrow();
    runs.reclaim("node-a");
    runs.claimNext("node-a", java.time.Duration.ofSeconds(30)).orElseThrow();
    runs.finish(
        run,
        "node-a",
        new IncidentHealOutcome(
            "fixed",
            "fixed with template:null-guard",
            Optional.of("kintsugi/fix-1"),
            Optional.of("abc123"),
            Optional.of(0.9),
            true,
            "{}"));
    assertThat(store.moveStatusByAdmin(incident, IncidentStatus.OPEN, IncidentStatus.RESOLVED))
        .isTrue();
    writer.write(List.of(event(p.id(), "e4", "f1"))); // reopens it

    List<AuditEntry> entries = all();
    assertThat(entries)
        .extracting(AuditEntry::action)
        .containsExactly(
            "project.created",
            "heal_policy.changed",
            "heal_policy.changed",
            "project.key_rotated",
            "heal_policy.changed",
            "incident.opened",
            "heal.queued",
            "heal.started",
            "heal.requeued",
            "heal.resumed",
            "heal.finished",
            "incident.status_changed",
            "incident.regressed");
    assertThat(entries).allSatisfy(e -> assertThat(e.project()).isEqualTo(p.id()));
    assertThat(entries.get(0).actor()).isEqualTo(AuditStore.ADMIN);
    assertThat(entries.get(0).detail()).containsEntry("name", "shop");
    assertThat(entries.get(1).detail())
        .containsEntry("autoHeal", "off")
        .containsEntry("previous.autoHeal", "new");
    assertThat(entries.get(3).detail().values()).doesNotContain(rotated.dsnKey(), p.dsnKey());
    assertThat(entries.get(4).detail())
        .containsEntry("healsPerHour", "6")
        .containsEntry("previous.healsPerHour", "12")
        .doesNotContainKey("previous.concurrentHeals");
    assertThat(entries.get(5).incident()).isEqualTo(incident);
    assertThat(entries.get(5).actor()).isEqualTo(AuditRecord.SYSTEM);
    assertThat(entries.get(5).detail())
        .containsEntry("fingerprint", "f1")
        .containsEntry("eventId", "e1".repeat(16));
    assertThat(entries.get(6).healRun()).isEqualTo(run);
    assertThat(entries.get(6).detail()).containsEntry("budget", "new");
    assertThat(entries.get(10).detail())
        .containsEntry("status", "fixed")
        .containsEntry("branch", "kintsugi/fix-1")
        .containsEntry("commit", "abc123")
        .containsEntry("confidence", "0.9");
    assertThat(entries.get(11).detail())
        .containsEntry("from", "open")
        .containsEntry("to", "resolved");
    assertThat(entries.get(12).detail()).containsEntry("eventId", "e4".repeat(16));
    assertThat(store.incident(incident).orElseThrow().status()).isEqualTo(IncidentStatus.REGRESSED);
    assertThat(audit.verify(Optional.of(p.id())).ok()).isTrue();
  }

  @Test
  void anActionThatCannotBeRecordedIsNotTaken() throws Exception {
    Project p = store.createProject("shop", Optional.of("/r"), List.of());
    sql("DELETE FROM audit_sequence");

    assertThatThrownBy(() -> store.rotateKey(p.id())).isInstanceOf(StoreException.class);
    assertThat(store.project(p.id()).orElseThrow().dsnKey()).isEqualTo(p.dsnKey());
    assertThatThrownBy(() -> new ServerAuditLog(audit, p.id(), null, null).append(refused(1)))
        .isInstanceOf(dev.kintsugi.core.audit.AuditException.class)
        .hasMessageContaining("candidate.refused");
  }

  static NewEvent event(long project, String id, String fingerprint) {
    return new NewEvent(
        project,
        id.repeat(16),
        fingerprint,
        "NullPointerException in Cart.total",
        "com.acme.Cart.total",
        Optional.of("1.0"),
        Optional.of("prod"),
        T0,
        "{}".getBytes(StandardCharsets.UTF_8));
  }
}
