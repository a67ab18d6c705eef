package dev.kintsugi.runtime.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runbook engines of two nodes ({@code a} and {@code b}, each with its own connection pool) on one
 * database: they act once per episode between them, respect the guards together, and a run whose
 * node stopped or hung is finished once by the other. Subclasses say which database.
 */
abstract class RunbookNodesContract extends RunbookFixture {

  Database dbB;
  RunbookRuns runsB;
  AuditStore auditB;
  Store storeB;
  final List<RunbookEngine> engines = new ArrayList<>();
  final List<ExecutorService> pools = new ArrayList<>();

  @BeforeEach
  void openNodeB() {
    dbB = Database.open(url);
    runsB = new RunbookRuns(dbB, clock);
    auditB = new AuditStore(dbB, clock);
    storeB = new Store(dbB, clock, new SecureRandom());
  }

  @AfterEach
  void closeNodes() {
    engines.forEach(RunbookEngine::close);
    pools.forEach(ExecutorService::shutdownNow);
    if (dbB != null) {
      dbB.close();
    }
  }

  /** Node a's engine (on the fixture's pool) or node b's (on its own), as configured. */
  RunbookEngine node(
      String node, String runbooksYaml, Policy policy, UnaryOperator<RunbookEngine.Builder> more)
      throws Exception {
    List<Runbook> runbooks =
        Runbooks.parse(
            new ObjectMapper(new YAMLFactory()).readTree(runbooksYaml), "runbooks", actions);
    boolean a = node.equals("a");
    RunbookEngine engine =
        more.apply(
                RunbookEngine.builder(
                        runbooks, a ? runs : runsB, a ? audit : auditB, a ? store : storeB, signals)
                    .policies(project -> policy)
                    .clock(clock)
                    .sleeper(clock::advance)
                    .escalations(escalations::add)
                    .executor(Runnable::run)
                    .nodeId(node))
            .build();
    engines.add(engine);
    return engine;
  }

  RunbookEngine node(String node, String runbooksYaml) throws Exception {
    return node(node, runbooksYaml, ALLOW_ALL, b -> b);
  }

  ExecutorService pool() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pools.add(pool);
    return pool;
  }

  static String restart(String name) {
    return RESTART
        .replace("restart-shop", name)
        .replace("{ name: shop }", "{ name: " + name + " }");
  }

  @Test
  void twoNodesSeeingTheSameFailingCheckAtOnceStartOneRunPerRunbookAndActOnce() throws Exception {
    StringBuilder yaml = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      yaml.append(restart("r" + i));
    }
    RunbookEngine a = node("a", yaml.toString());
    RunbookEngine b = node("b", yaml.toString());
    signals.recoversAt = T0;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (RunbookEngine engine : List.of(a, b)) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  engine.accept(failing(T0));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }

    assertThat(runs.runs("shop", 20))
        .hasSize(5)
        .allMatch(r -> r.outcome().orElse("").equals("recovered"));
    assertThat(actions.calls)
        .containsExactlyInAnyOrder(
            "restart:r1", "restart:r2", "restart:r3", "restart:r4", "restart:r5");
    assertThat(audited("runtime.skipped"))
        .hasSize(5)
        .allSatisfy(
            e ->
                assertThat(e.detail().get("reason"))
                    .matches(
                        "run \\d+ is under way \\(.*\\)|cooldown PT5M: run \\d+ started at .*"));
    assertThat(audit.verify(java.util.Optional.empty()).ok()).isTrue();
  }

  @Test
  void theCooldownHoldsAcrossNodes() throws Exception {
    String yaml = RESTART + "  guards: { cooldown: 5m, maxAttemptsPerHour: 10 }\n";
    RunbookEngine a = node("a", yaml);
    RunbookEngine b = node("b", yaml);
    signals.recoversAt = T0;

    a.accept(failing(T0));
    clock.set(T0.plusSeconds(60));
    b.accept(failing(clock.instant()));
    assertThat(runs.runs("shop", 10)).hasSize(1);
    assertThat(audited("runtime.skipped").get(0).detail().get("reason"))
        .startsWith("cooldown PT5M");

    clock.set(T0.plusSeconds(301));
    b.accept(failing(clock.instant()));
    assertThat(runs.runs("shop", 10)).hasSize(2);
    assertThat(audited("runtime.triggered"))
        .extracting(e -> e.detail().get("node"))
        .containsExactly("a", "b");
    assertThat(actions.calls).containsExactly("restart:shop", "restart:shop");
  }

  static final String THREE_STEPS =
      """
      - name: heal-shop
        project: shop
        when: { health: shop-http, failing: 3 }
        do:
          - flag: { name: a }
          - restart: { name: b }
          - circuit: { name: c }
        verify: { within: 60s, every: 5s }
      """;

  @Test
  void aRunWhoseNodeStoppedMidActionIsResumedByTheOtherWithoutRepeatingWhatWasDone()
      throws Exception {
    ExecutorService aThreads = pool();
    RunbookEngine a = node("a", THREE_STEPS, ALLOW_ALL, e -> e.executor(aThreads));
    RunbookEngine b = node("b", THREE_STEPS);
    actions.gates.put("b", new CountDownLatch(1));

    a.accept(failing(T0));
    await(() -> actions.calls.contains("restart:b"));
    actions.gates.clear();
    a.close();
    aThreads.shutdownNow(); // node a stops: its restart is interrupted, it lets the run go
    assertThat(aThreads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    signals.recoversAt = T0.plusSeconds(20);
    b.resume();

    RunbookRun run = runs.runs("shop", 10).get(0);
    assertThat(runs.runs("shop", 10)).hasSize(1);
    assertThat(run.outcome()).hasValue("recovered");
    assertThat(actions.calls).containsExactly("flag:a", "restart:b", "circuit:c");
    assertThat(runs.steps(run.id()))
        .extracting(RunbookRun.Step::phase, RunbookRun.Step::actionKind, RunbookRun.Step::state)
        .containsExactly(
            tuple("do", "flag", "done"),
            tuple("do", "restart", "unknown"),
            tuple("resume", "takeover", "done"),
            tuple("do", "circuit", "done"));
    AuditEntry resumed = audited("runtime.resumed").get(0);
    assertThat(resumed.detail())
        .containsEntry("from", "a")
        .containsEntry("node", "b")
        .containsEntry("state", "acting")
        .containsEntry("decision", "go on with 2 step(s) not done");
    assertThat(audited("runtime.released")).hasSize(1);
    assertThat(audited("runtime.verified")).hasSize(1);
    assertThat(escalations).isEmpty();
  }

  @Test
  void aRunWhoseNodeHangsPastItsLeaseIsFinishedOnceByTheOtherAndTheHungNodeWritesNothing()
      throws Exception {
    RunbookEngine a = node("a", THREE_STEPS, ALLOW_ALL, e -> e.executor(pool()).log(log::add));
    RunbookEngine b = node("b", THREE_STEPS);
    CountDownLatch gate = new CountDownLatch(1);
    actions.gates.put("b", gate);

    a.accept(failing(T0));
    await(() -> actions.calls.contains("restart:b"));
    b.resume();
    assertThat(actions.calls).as("a's lease still runs").containsExactly("flag:a", "restart:b");

    clock.set(T0.plus(RunbookEngine.DEFAULT_LEASE).plusSeconds(1));
    signals.recoversAt = clock.instant(); // recovered meanwhile: verify passes at takeover
    b.resume();
    RunbookRun run = runs.runs("shop", 10).get(0);
    assertThat(run.outcome()).hasValue("recovered");
    assertThat(audited("runtime.resumed").get(0).detail())
        .containsEntry("decision", "recovered: verify passes already");

    gate.countDown(); // node a wakes up: it no longer holds the run
    await(() -> log.stream().anyMatch(l -> l.contains("is held by another node")));
    assertThat(actions.calls).containsExactly("flag:a", "restart:b");
    assertThat(runs.steps(run.id()))
        .extracting(RunbookRun.Step::state)
        .containsExactly("done", "unknown", "done");
    assertThat(audited("runtime.action")).hasSize(1);
    assertThat(runs.runs("shop", 10)).hasSize(1);
  }

  @Test
  void aRunApprovedOnANodeThatDoesNotWorkIsActedOnByAWorkingNode() throws Exception {
    Policy approval = policy("runtime: { production: { requireApproval: [ restart ] } }");
    RunbookEngine serving = node("a", RESTART, approval, e -> e.working(false));
    RunbookEngine working =
        node("b", RESTART, approval, e -> e.lease(Duration.ofMillis(300)).executor(pool()));
    working.start();
    signals.recoversAt = T0;

    serving.accept(failing(T0));
    assertThat(runs.runs("shop", 10)).as("a node that does not work starts nothing").isEmpty();
    working.accept(failing(T0));
    await(
        () ->
            !runs.runs("shop", 1).isEmpty()
                && runs.runs("shop", 1).get(0).state().equals(RunbookRun.AWAITING_APPROVAL));
    long id = runs.runs("shop", 1).get(0).id();

    assertThat(serving.approve(id, "alice")).isTrue();
    await(() -> runs.run(id).orElseThrow().outcome().isPresent());

    assertThat(runs.run(id).orElseThrow().outcome()).hasValue("recovered");
    assertThat(actions.calls).containsExactly("restart:shop");
    assertThat(audited("runtime.resumed").get(0).detail())
        .containsEntry("from", "none")
        .containsEntry("node", "b");
    assertThat(serving.approve(id, "bob")).isFalse();
  }

  final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
