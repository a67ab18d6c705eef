package dev.kintsugi.runtime.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.policy.PolicyFile;
import dev.kintsugi.runtime.MovingClock;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real database (subclasses say which), audit trail and store with project {@code shop}, test
 * actions and signal state, and engines whose runs execute on the calling thread and whose verify
 * sleeps move the test's clock.
 */
abstract class RunbookFixture {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final Policy ALLOW_ALL = policy("runtime: { production: { allowed: ['*'] } }");

  String url;
  Database db;
  AuditStore audit;
  Store store;
  RunbookRuns runs;
  MovingClock clock;
  TestSignals signals;
  TestActions actions;
  List<Escalation> escalations;

  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    url = freshUrl();
    db = Database.open(url);
    clock = new MovingClock(T0);
    audit = new AuditStore(db, clock);
    store = new Store(db, clock, new SecureRandom());
    store.createProject("shop", Optional.empty(), List.of());
    runs = new RunbookRuns(db, clock);
    signals = new TestSignals(clock);
    actions = new TestActions();
    escalations = new CopyOnWriteArrayList<>();
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
      dispose();
    }
  }

  static Policy policy(String text) {
    try {
      return PolicyFile.parse(text, "policy.yml");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  RunbookEngine engine(String runbooksYaml, Policy policy) throws Exception {
    List<Runbook> runbooks =
        Runbooks.parse(
            new ObjectMapper(new YAMLFactory()).readTree(runbooksYaml), "runbooks", actions);
    return RunbookEngine.builder(runbooks, runs, audit, store, signals)
        .policies(project -> policy)
        .clock(clock)
        .sleeper(clock::advance)
        .escalations(escalations::add)
        .executor(Runnable::run)
        .build();
  }

  static RuntimeSignal failing(Instant at) {
    return new RuntimeSignal.Health("shop", "shop-http", at, false, 3, "connection refused");
  }

  List<String> audited() {
    List<String> out = new ArrayList<>();
    for (AuditEntry e : audit.entries(Optional.empty())) {
      out.add(e.action());
    }
    return out;
  }

  List<AuditEntry> audited(String action) {
    List<AuditEntry> out = new ArrayList<>();
    for (AuditEntry e : audit.entries(Optional.empty())) {
      if (e.action().equals(action)) {
        out.add(e);
      }
    }
    return out;
  }

  static final String RESTART =
      """
      - name: restart-shop
        project: shop
        when: { health: shop-http, failing: 3 }
        do: [ { restart: { name: shop } } ]
        verify: { within: 60s, every: 5s }
      """;
}
