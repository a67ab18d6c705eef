package dev.kintsugi.runtime.runbook;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.policy.RuntimePolicy;
import dev.kintsugi.runtime.action.ActionOutcome;
import dev.kintsugi.runtime.action.RuntimeAction;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.runtime.signal.SignalState;
import dev.kintsugi.server.RuntimeApprovals;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs runbooks: {@link #accept} a signal, and every runbook of its project whose {@code when}
 * matches runs on the engine's executor — guards first (cooldown, attempts per hour, the policy's
 * runtime rules, approval, dry run), then the actions in order, then verify, else undo and
 * escalate. One run per runbook at a time: a signal that matches a runbook already running (or
 * awaiting approval) is dropped, as part of the same episode.
 *
 * <p>Each run is stored ({@link RunbookRuns}) before it acts and each step before it runs, and
 * every step is appended to the audit trail under the project's chain: {@code runtime.triggered},
 * {@code runtime.skipped}, {@code runtime.refused}, {@code runtime.dry_run}, {@code
 * runtime.approval_requested}, {@code runtime.approved}, {@code runtime.rejected}, {@code
 * runtime.action}, {@code runtime.verified}, {@code runtime.not_verified}, {@code runtime.undone},
 * {@code runtime.escalated}, {@code runtime.interrupted}, {@code runtime.released}, {@code
 * runtime.resumed}.
 *
 * <p>Across nodes (several processes on one database, each engine with its own {@link
 * Builder#nodeId}): a run is claimed in a transaction that locks the runbook's claim row and
 * re-checks, from the database, the runbook's run under way, cooldown and attempts per hour — so
 * the nodes together start at most one run per episode and respect the guards. The claiming node
 * holds the run with a lease ({@link Builder#lease}, renewed by {@link #heartbeat} every lease/3
 * after {@link #start}, and at each step); a run whose lease ran out (its node died or stopped) is
 * taken over by another working engine and resumed from its stored steps: a step its node left
 * {@code running} is marked {@code unknown} and not run again; verify is re-checked first
 * (recovered: the run is done), else the run goes on with the actions not tried yet, then verifies.
 * A node that lost its lease stops working on the run without writing. Approvals decided on an
 * engine that does not work ({@link Builder#working}) are stored only; a working engine takes the
 * approved run over.
 *
 * <p>Stable API.
 */
public final class RunbookEngine implements RuntimeApprovals, AutoCloseable {

  /** Waits between verify polls; tests pass one that moves their clock instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  private static final Duration HOUR = Duration.ofHours(1);

  /** How long a node holds a run without renewing it, by default. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  private final List<Runbook> runbooks;
  private final Map<String, Runbook> byName = new LinkedHashMap<>();
  private final RunbookRuns runs;
  private final Learning learning;
  private final AuditStore audit;
  private final Store store;
  private final SignalState signals;
  private final Function<String, Policy> policies;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<Escalation> escalations;
  private final Executor executor;
  private final Optional<ExecutorService> owned;
  private final Consumer<String> log;
  private final String nodeId;
  private final Duration lease;
  private final boolean working;
  private volatile boolean closing;
  private volatile ScheduledExecutorService heartbeats;

  /** Runbooks this engine has work queued or running for (the database decides the rest). */
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  /**
   * The run each runbook's work here holds, while it runs: what the heartbeat renews. A run whose
   * work here ended without finishing it (a bug, a lost database) is not renewed: it runs out and
   * is taken over.
   */
  private final Map<String, Long> holding = new ConcurrentHashMap<>();

  /** The last skip reason audited per runbook, so a storm of signals is audited once. */
  private final Map<String, String> lastSkip = new ConcurrentHashMap<>();

  private final Map<String, Long> projectIds = new ConcurrentHashMap<>();

  private RunbookEngine(Builder b) {
    this.runbooks = List.copyOf(b.runbooks);
    runbooks.forEach(r -> byName.put(r.name(), r));
    this.runs = b.runs;
    this.learning = new Learning(b.runs);
    this.audit = b.audit;
    this.store = b.store;
    this.signals = b.signals;
    this.policies = b.policies;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.escalations = b.escalations;
    this.log = b.log;
    this.nodeId = b.nodeId;
    this.lease = b.lease;
    this.working = b.working;
    if (b.executor == null) {
      ExecutorService pool =
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "kintsugi-runbook");
                t.setDaemon(true);
                return t;
              });
      this.executor = pool;
      this.owned = Optional.of(pool);
    } else {
      this.executor = b.executor;
      this.owned = Optional.empty();
    }
  }

  /**
   * An engine over {@code runbooks}; the rest have defaults: no policy ({@link Policy#NONE}: every
   * action needs approval), the system clock, real sleeps, escalations only logged, a pool of four
   * daemon threads.
   */
  public static Builder builder(
      List<Runbook> runbooks,
      RunbookRuns runs,
      AuditStore audit,
      Store store,
      SignalState signals) {
    return new Builder(runbooks, runs, audit, store, signals);
  }

  /** The runbooks, as configured. */
  public List<Runbook> runbooks() {
    return runbooks;
  }

  /** The stored runs (for reports and routes). */
  public RunbookRuns runs() {
    return runs;
  }

  /** What the engine learned of which action works. */
  public Learning learning() {
    return learning;
  }

  /**
   * Takes a signal: starts each matching runbook of its project on the executor, unless a run of it
   * is already under way. Returns at once.
   */
  public void accept(RuntimeSignal signal) {
    accept(
        signal,
        signal instanceof RuntimeSignal.NewIncident i
            ? Optional.of(i.incidentId())
            : Optional.empty());
  }

  /**
   * Like {@link #accept(RuntimeSignal)}, for a signal already turned into an incident (a runtime
   * incident opened for an anomaly or a failing check): its runs record {@code incident}.
   */
  public void accept(RuntimeSignal signal, Optional<Long> incident) {
    if (!working) {
      return;
    }
    for (Runbook runbook : runbooks) {
      if (runbook.project().equals(signal.project())
          && runbook.when().matches(signal)
          && busy.add(runbook.name())) {
        try {
          executor.execute(() -> guarded(runbook, () -> trigger(runbook, signal, incident)));
        } catch (RuntimeException e) {
          busy.remove(runbook.name());
          log.accept("runbook " + runbook.name() + " not started: " + e.getMessage());
        }
      }
    }
  }

  /**
   * A person approves a run that awaits approval: a working engine holds it and continues it on the
   * executor; one that does not work stores the decision, and a working engine takes the approved
   * run over at its next {@link #heartbeat}.
   *
   * @return false when no such run awaits approval (unknown, decided already, or not asked)
   */
  @Override
  public boolean approve(long runId, String who) {
    Optional<RunbookRun> found = runs.run(runId);
    if (found.isEmpty() || !byName.containsKey(found.get().runbook())) {
      return false;
    }
    RunbookRun run = found.get();
    Runbook runbook = byName.get(run.runbook());
    if (!runs.decide(runId, true, who, "")) {
      return false;
    }
    append(run, AuditRecord.by(who, "runtime.approved", "run", id(run), "runbook", run.runbook()));
    Instant now = clock.instant();
    if (working && busy.add(runbook.name())) {
      if (runs.takeOver(runId, nodeId, now, now.plus(lease))) {
        execute(
            runbook,
            () -> {
              holding.put(runbook.name(), runId);
              act(runbook, run, Progress.NONE);
            });
      } else {
        busy.remove(runbook.name());
      }
    }
    return true;
  }

  /**
   * A person rejects a run that awaits approval: it ends, nothing done.
   *
   * @return false when no such run awaits approval
   */
  @Override
  public boolean reject(long runId, String who, String reason) {
    Optional<RunbookRun> found = runs.run(runId);
    if (found.isEmpty() || !runs.decide(runId, false, who, reason)) {
      return false;
    }
    RunbookRun run = found.get();
    runs.finish(runId, "rejected", Optional.empty());
    append(
        run,
        AuditRecord.by(
            who, "runtime.rejected", "run", id(run), "runbook", run.runbook(), "reason", reason));
    return true;
  }

  /**
   * Takes over the runs under way that no node holds (see the class comment): runs awaiting
   * approval keep waiting; a run of a runbook this engine does not know ends {@code interrupted}
   * and is escalated, since nobody knows what its last action did. Call once before {@link
   * #accept}ing signals (or {@link #start}, which does); an engine that does not work does nothing.
   */
  public void resume() {
    if (!working) {
      return;
    }
    for (RunbookRun run : runs.orphaned(clock.instant())) {
      Runbook runbook = byName.get(run.runbook());
      if (runbook == null) {
        if (take(run)) {
          interrupted(run);
        }
      } else if (busy.add(runbook.name())) {
        Optional<RunbookRuns.Lease> before = runs.lease(run.id());
        if (take(run)) {
          execute(
              runbook,
              () -> {
                holding.put(runbook.name(), run.id());
                resume(runbook, run, before);
              });
        } else {
          busy.remove(runbook.name());
        }
      }
    }
  }

  /**
   * Renews this engine's leases and takes over runs no node holds any more ({@link #resume}); what
   * {@link #start} schedules every lease/3.
   */
  public void heartbeat() {
    if (!working) {
      return;
    }
    Instant until = clock.instant().plus(lease);
    holding.values().forEach(run -> runs.renew(run, nodeId, until));
    resume();
  }

  /**
   * Takes over what no node holds and then keeps doing so, with this engine's leases renewed, every
   * lease/3 on a daemon thread of its own (stopped by {@link #close}).
   */
  public void start() {
    if (!working) {
      return;
    }
    resume();
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kintsugi-runbook-lease");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, lease.toMillis() / 3);
    s.scheduleWithFixedDelay(
        () -> {
          try {
            heartbeat();
          } catch (RuntimeException e) {
            log.accept("runbook leases: " + e.getMessage());
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
    heartbeats = s;
  }

  /**
   * Stops the heartbeat and the engine's own pool (an injected executor is the caller's to stop): a
   * run it interrupts is released for another node to resume.
   */
  @Override
  public void close() {
    closing = true;
    ScheduledExecutorService s = heartbeats;
    if (s != null) {
      s.shutdownNow();
    }
    owned.ifPresent(
        pool -> {
          pool.shutdownNow();
          try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** This engine's node. */
  public String nodeId() {
    return nodeId;
  }

  private boolean take(RunbookRun run) {
    Instant now = clock.instant();
    return runs.takeOver(run.id(), nodeId, now, now.plus(lease));
  }

  private void interrupted(RunbookRun run) {
    runs.finish(run.id(), "interrupted", Optional.empty());
    append(
        run,
        AuditRecord.system(
            "runtime.interrupted", "run", id(run), "runbook", run.runbook(), "state", run.state()));
    escalate(run, "interrupted by a stop while " + run.state());
  }

  /** Runs work for an already busy runbook on the executor; it is free again when done. */
  private void execute(Runbook runbook, Work work) {
    try {
      executor.execute(() -> guarded(runbook, work));
    } catch (RuntimeException e) {
      busy.remove(runbook.name());
      log.accept("runbook " + runbook.name() + " not started: " + e.getMessage());
    }
  }

  /** Runs work for a runbook; whatever fails, the runbook is free again once its run ends. */
  private void guarded(Runbook runbook, Work work) {
    try {
      work.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (LostLease e) {
      log.accept(
          "runbook "
              + runbook.name()
              + ": run "
              + e.run
              + " is held by another node now; this node ("
              + nodeId
              + ") stops working on it");
    } catch (RuntimeException e) {
      log.accept("runbook " + runbook.name() + " failed: " + e);
    } finally {
      holding.remove(runbook.name());
      busy.remove(runbook.name());
    }
  }

  /** A runbook's work. */
  private interface Work {
    void run() throws InterruptedException;
  }

  /** This node no longer holds the run (another took it over): it must not write. */
  private static final class LostLease extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long run;

    LostLease(long run) {
      super("run " + run + " is held by another node", null, false, false);
      this.run = run;
    }
  }

  /** Renews this node's lease on the run, or stops the run's work here if another node has it. */
  private void own(RunbookRun run) {
    if (!runs.renew(run.id(), nodeId, clock.instant().plus(lease))) {
      holding.remove(run.runbook(), run.id());
      throw new LostLease(run.id());
    }
    holding.put(run.runbook(), run.id());
  }

  private void trigger(Runbook runbook, RuntimeSignal signal, Optional<Long> incident)
      throws InterruptedException {
    Instant now = clock.instant();
    String description = signal.describe();
    RunbookRuns.Claimed claimed =
        runs.claim(
            new RunbookRuns.Start(
                runbook.project(),
                runbook.name(),
                signal.kind(),
                description,
                incident,
                runbook.guards().dryRun(),
                signal.at()),
            nodeId,
            now.plus(lease),
            now.minus(max(runbook.guards().cooldown(), HOUR)),
            recent -> skipReason(runbook, recent, now));
    Optional<String> skip = claimed.skipped();
    if (skip.isPresent()) {
      if (!skip.get().equals(lastSkip.put(runbook.name(), skip.get()))) {
        append(
            runbook.project(),
            incident,
            AuditRecord.system(
                "runtime.skipped",
                "runbook",
                runbook.name(),
                "signal",
                description,
                "reason",
                skip.get()));
      }
      return;
    }
    lastSkip.remove(runbook.name());
    long id = claimed.run().orElseThrow();
    holding.put(runbook.name(), id);
    RunbookRun run = runs.run(id).orElseThrow();
    append(
        run,
        AuditRecord.system(
            "runtime.triggered",
            "run",
            id(run),
            "runbook",
            runbook.name(),
            "signal",
            description,
            "detected_at",
            signal.at().toString(),
            "node",
            nodeId));
    proceed(runbook, run);
  }

  /** A stored run's guards that need no database: policy, dry run, approval; then it acts. */
  private void proceed(Runbook runbook, RunbookRun run) throws InterruptedException {
    long id = run.id();
    RuntimePolicy policy = policies.apply(runbook.project()).runtime();
    List<String> refused = new ArrayList<>();
    List<String> needApproval = new ArrayList<>();
    for (String kind : kinds(runbook)) {
      RuntimePolicy.Decision d = policy.decide(runbook.environment(), kind);
      if (d.verdict() == RuntimePolicy.Verdict.REFUSED) {
        refused.add(d.why());
      } else if (d.verdict() == RuntimePolicy.Verdict.APPROVAL) {
        needApproval.add(d.why());
      }
    }
    if (runbook.guards().approvalRequired()) {
      needApproval.add(0, "the runbook's guards.approval is required");
    }
    if (!refused.isEmpty()) {
      String why = String.join("; ", refused);
      runs.finish(id, "refused", Optional.empty());
      append(run, AuditRecord.system("runtime.refused", "run", id(run), "reason", why));
      if (runbook.escalateOnFailure()) {
        escalate(run, "refused by policy: " + why);
      }
      return;
    }
    if (runbook.guards().dryRun()) {
      dryRun(runbook, run, needApproval);
      return;
    }
    if (!needApproval.isEmpty()) {
      runs.awaitApproval(id);
      append(
          run,
          AuditRecord.system(
              "runtime.approval_requested",
              "run",
              id(run),
              "reason",
              String.join("; ", needApproval)));
      return;
    }
    act(runbook, run, Progress.NONE);
  }

  private Optional<String> skipReason(Runbook runbook, List<RunbookRun> recent, Instant now) {
    Runbook.Guards guards = runbook.guards();
    Instant cooldownStart = now.minus(guards.cooldown());
    Optional<RunbookRun> last =
        recent.stream().filter(r -> r.startedAt().isAfter(cooldownStart)).findFirst();
    if (last.isPresent()) {
      return Optional.of(
          "cooldown "
              + guards.cooldown()
              + ": run "
              + last.get().id()
              + " started at "
              + last.get().startedAt());
    }
    Instant hourAgo = now.minus(HOUR);
    long lastHour = recent.stream().filter(r -> r.startedAt().isAfter(hourAgo)).count();
    if (lastHour >= guards.maxAttemptsPerHour()) {
      return Optional.of(
          lastHour + " run(s) in the last hour, maxAttemptsPerHour " + guards.maxAttemptsPerHour());
    }
    return Optional.empty();
  }

  private void dryRun(Runbook runbook, RunbookRun run, List<String> needApproval) {
    List<String> would = new ArrayList<>();
    for (Runbook.Step step : runbook.steps()) {
      RuntimeAction action = learning.rank(run.signalKind(), step.alternatives()).get(0);
      int seq = runs.step(run.id(), "do", action.kind(), action.describe(), "dry_run");
      runs.stepEnded(run.id(), seq, "dry_run", "not run: dry run");
      would.add(action.describe());
    }
    runs.finish(run.id(), "dry_run", Optional.empty());
    append(
        run,
        AuditRecord.system(
            "runtime.dry_run",
            "run",
            id(run),
            "would_do",
            String.join("; ", would),
            "approval",
            needApproval.isEmpty() ? "not needed" : String.join("; ", needApproval)));
  }

  /**
   * Resumes a run this engine just took over from {@code before} (its owner then, if any): records
   * what it found and decided in the run's steps and the audit trail, then goes on.
   */
  private void resume(Runbook runbook, RunbookRun run, Optional<RunbookRuns.Lease> before)
      throws InterruptedException {
    String from = before.map(RunbookRuns.Lease::owner).orElse("none");
    List<RunbookRun.Step> steps = runs.steps(run.id());
    List<RunbookRun.Step> known = new ArrayList<>();
    for (RunbookRun.Step step : steps) {
      if (step.state().equals("running")) {
        String detail = "node " + from + " stopped while it ran: not known, not run again";
        runs.stepEnded(run.id(), step.seq(), UNKNOWN, detail);
        known.add(
            new RunbookRun.Step(
                step.run(),
                step.seq(),
                step.phase(),
                step.actionKind(),
                step.description(),
                UNKNOWN,
                Optional.of(detail),
                step.startedAt(),
                step.endedAt()));
      } else {
        known.add(step);
      }
    }
    boolean acted =
        known.stream()
            .anyMatch(
                s ->
                    s.phase().equals("do")
                        && (s.state().equals("done") || s.state().equals(UNKNOWN)));
    Trigger when = runbook.when();
    Instant since = run.actedAt().orElse(run.startedAt());
    String decision;
    Work next;
    if (run.state().equals("triggered")) {
      decision = "decide the policy and approval again, then act";
      next = () -> proceed(runbook, run);
    } else if (run.state().equals("undoing")) {
      decision = "escalate: the undo was cut short, what is left of it is not known";
      next =
          () -> {
            own(run);
            runs.finish(
                run.id(), runbook.escalateOnFailure() ? "escalated" : "failed", Optional.empty());
            escalate(run, "node " + from + " stopped while undoing; the rest of the undo is lost");
          };
    } else if (acted
        && !when.judgedAtDeadline()
        && when.recovered(signals, run.project(), run.incident(), since)) {
      decision = "recovered: verify passes already";
      next =
          () -> {
            own(run);
            Instant now = clock.instant();
            runs.finish(run.id(), "recovered", Optional.of(now));
            append(
                run,
                AuditRecord.system(
                    "runtime.verified",
                    "run",
                    id(run),
                    "recovered_at",
                    now.toString(),
                    "time_to_recovery",
                    Duration.between(run.detectedAt(), now).toString()));
          };
    } else {
      Progress progress = Progress.of(runbook, known);
      decision =
          progress.remaining() == 0
              ? "verify again"
              : "go on with " + progress.remaining() + " step(s) not done";
      next = () -> act(runbook, run, progress);
    }
    String what =
        "taken over by node " + nodeId + " from node " + from + " (state " + run.state() + ")";
    int seq = runs.step(run.id(), "resume", "takeover", what, "done");
    runs.stepEnded(run.id(), seq, "done", decision);
    append(
        run,
        AuditRecord.system(
            "runtime.resumed",
            "run",
            id(run),
            "runbook",
            run.runbook(),
            "from",
            from,
            "node",
            nodeId,
            "state",
            run.state(),
            "decision",
            decision));
    next.run();
  }

  /** A step stored {@code running} by a node that stopped: nobody knows how it went. */
  static final String UNKNOWN = "unknown";

  /**
   * How far a run got, per step of its runbook (all nothing for a new run): done, or the actions
   * tried and whether one of them ended unknown.
   */
  private record Progress(List<StepProgress> steps) {
    static final Progress NONE = new Progress(List.of());

    record StepProgress(boolean done, Set<String> tried, boolean unknown) {}

    static final StepProgress FRESH = new StepProgress(false, Set.of(), false);

    /** Matches the stored do steps, in order, to the runbook's steps' alternatives. */
    static Progress of(Runbook runbook, List<RunbookRun.Step> stored) {
      List<RunbookRun.Step> done = stored.stream().filter(s -> s.phase().equals("do")).toList();
      List<StepProgress> out = new ArrayList<>();
      int next = 0;
      for (Runbook.Step step : runbook.steps()) {
        Set<String> names = new LinkedHashSet<>();
        step.alternatives().forEach(a -> names.add(a.describe()));
        Set<String> tried = new LinkedHashSet<>();
        boolean isDone = false;
        boolean unknown = false;
        while (!isDone && next < done.size() && names.contains(done.get(next).description())) {
          RunbookRun.Step s = done.get(next++);
          tried.add(s.description());
          isDone = s.state().equals("done");
          unknown |= s.state().equals(UNKNOWN);
        }
        out.add(new StepProgress(isDone, tried, unknown));
      }
      return new Progress(out);
    }

    StepProgress at(int i) {
      return i < steps.size() ? steps.get(i) : FRESH;
    }

    long remaining() {
      return steps.stream().filter(p -> !p.done()).count();
    }
  }

  /**
   * Acts (the steps {@code progress} has not done), verifies, and on failure undoes and escalates.
   * A step whose action ended unknown (its node stopped) and that has no alternative left counts as
   * possibly done: verify decides.
   */
  private void act(Runbook runbook, RunbookRun run, Progress progress) throws InterruptedException {
    long id = run.id();
    own(run);
    runs.state(id, "acting");
    List<RuntimeAction> undo = new ArrayList<>();
    String failure = null;
    try {
      for (int i = 0; i < runbook.steps().size(); i++) {
        Runbook.Step step = runbook.steps().get(i);
        Progress.StepProgress p = progress.at(i);
        if (p.done()) {
          continue;
        }
        boolean done = false;
        for (RuntimeAction action : learning.rank(run.signalKind(), step.alternatives())) {
          if (p.tried().contains(action.describe())) {
            continue;
          }
          own(run);
          // Time to action is detection → Kintsugi acting (the first action's start), whatever
          // the action then takes (a restart waits for the service to be ready).
          runs.acted(id, clock.instant());
          ActionOutcome outcome = perform(run, "do", action);
          if (outcome.done()) {
            outcome.undo().ifPresent(undo::add);
            done = true;
            break;
          }
        }
        if (!done && !p.unknown()) {
          failure = "no action of step " + (i + 1) + " took effect";
          break;
        }
      }
      if (failure == null) {
        own(run);
        runs.state(id, "verifying");
        Instant since = clock.instant();
        Optional<Instant> recovered = verify(runbook, run, since);
        own(run);
        if (recovered.isPresent()) {
          runs.finish(id, "recovered", recovered);
          append(
              run,
              AuditRecord.system(
                  "runtime.verified",
                  "run",
                  id(run),
                  "recovered_at",
                  recovered.get().toString(),
                  "time_to_recovery",
                  Duration.between(run.detectedAt(), recovered.get()).toString()));
          return;
        }
        failure = "not recovered within " + runbook.verify().within();
        append(run, AuditRecord.system("runtime.not_verified", "run", id(run), "reason", failure));
      }
      if (runbook.undoOnFailure() && !undo.isEmpty()) {
        own(run);
        runs.state(id, "undoing");
        Collections.reverse(undo);
        for (RuntimeAction action : undo) {
          perform(run, "undo", action);
        }
      }
    } catch (InterruptedException e) {
      // Stopped mid-run: another working node (or this one, restarted) resumes it from its steps.
      runs.release(id, nodeId, clock.instant());
      append(
          run,
          AuditRecord.system(
              "runtime.released", "run", id(run), "node", nodeId, "reason", "this node stopped"));
      throw e;
    }
    own(run);
    runs.finish(id, runbook.escalateOnFailure() ? "escalated" : "failed", Optional.empty());
    if (runbook.escalateOnFailure()) {
      escalate(run, failure);
    }
  }

  /**
   * Stores the step, runs the action, stores and audits how it went — unless another node took the
   * run over meanwhile (then the step stays as that node recorded it).
   */
  private ActionOutcome perform(RunbookRun run, String phase, RuntimeAction action)
      throws InterruptedException {
    int seq = runs.step(run.id(), phase, action.kind(), action.describe(), "running");
    ActionOutcome outcome;
    try {
      outcome = action.run();
    } catch (RuntimeException e) {
      outcome = ActionOutcome.failed("failed: " + e.getMessage());
    }
    own(run);
    runs.stepEnded(run.id(), seq, outcome.done() ? "done" : "failed", outcome.detail());
    append(
        run,
        AuditRecord.system(
            phase.equals("undo") ? "runtime.undone" : "runtime.action",
            "run",
            id(run),
            "kind",
            action.kind(),
            "action",
            action.describe(),
            "done",
            Boolean.toString(outcome.done()),
            "detail",
            outcome.detail()));
    return outcome;
  }

  /** Polls until the signal recovered or the deadline passed; when it recovered. */
  private Optional<Instant> verify(Runbook runbook, RunbookRun run, Instant since)
      throws InterruptedException {
    Trigger when = runbook.when();
    Instant deadline = since.plus(runbook.verify().within());
    while (true) {
      Instant now = clock.instant();
      if (!when.judgedAtDeadline()
          && when.recovered(signals, run.project(), run.incident(), since)) {
        return Optional.of(now);
      }
      if (!now.isBefore(deadline)) {
        break;
      }
      own(run);
      Duration left = Duration.between(now, deadline);
      sleeper.sleep(left.compareTo(runbook.verify().every()) < 0 ? left : runbook.verify().every());
    }
    return when.judgedAtDeadline() && when.recovered(signals, run.project(), run.incident(), since)
        ? Optional.of(clock.instant())
        : Optional.empty();
  }

  private void escalate(RunbookRun run, String reason) {
    Escalation e =
        new Escalation(
            run.id(), run.project(), run.runbook(), run.signal(), reason, clock.instant());
    append(
        run,
        AuditRecord.system(
            "runtime.escalated", "run", id(run), "runbook", run.runbook(), "reason", reason));
    try {
      escalations.accept(e);
    } catch (RuntimeException ex) {
      log.accept("escalation of runbook run " + run.id() + " failed: " + ex.getMessage());
    }
  }

  private static Set<String> kinds(Runbook runbook) {
    Set<String> kinds = new LinkedHashSet<>();
    runbook.actions().forEach(a -> kinds.add(a.kind()));
    return kinds;
  }

  private void append(RunbookRun run, AuditRecord record) {
    append(run.project(), run.incident(), record);
  }

  private void append(String project, Optional<Long> incident, AuditRecord record) {
    audit.append(projectId(project), incident.orElse(null), null, record);
  }

  /** The project's id for its audit chain; null (the chain without a project) when unknown. */
  private Long projectId(String name) {
    Long known = projectIds.get(name);
    if (known != null) {
      return known;
    }
    Optional<Long> found = store.projectNamed(name).map(Project::id);
    found.ifPresent(id -> projectIds.put(name, id));
    return found.orElse(null);
  }

  private static String id(RunbookRun run) {
    return Long.toString(run.id());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Assembles an engine; see {@link #builder}. */
  public static final class Builder {
    private final List<Runbook> runbooks;
    private final RunbookRuns runs;
    private final AuditStore audit;
    private final Store store;
    private final SignalState signals;
    private Function<String, Policy> policies = project -> Policy.NONE;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.REAL;
    private Consumer<String> log = line -> {};
    private Consumer<Escalation> escalations;
    private Executor executor;
    private String nodeId = ServerExtension.defaultNodeId();
    private Duration lease = DEFAULT_LEASE;
    private boolean working = true;

    private Builder(
        List<Runbook> runbooks,
        RunbookRuns runs,
        AuditStore audit,
        Store store,
        SignalState signals) {
      this.runbooks = Objects.requireNonNull(runbooks, "runbooks");
      this.runs = Objects.requireNonNull(runs, "runs");
      this.audit = Objects.requireNonNull(audit, "audit");
      this.store = Objects.requireNonNull(store, "store");
      this.signals = Objects.requireNonNull(signals, "signals");
    }

    /** Each project's policy, by project name (its {@code runtime} section decides). */
    public Builder policies(Function<String, Policy> policies) {
      this.policies = Objects.requireNonNull(policies, "policies");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Where escalations go (webhooks); by default they are only logged and audited. */
    public Builder escalations(Consumer<Escalation> escalations) {
      this.escalations = Objects.requireNonNull(escalations, "escalations");
      return this;
    }

    /** Where runs execute; the caller stops it. By default a pool the engine owns. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder log(Consumer<String> log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** This process among those sharing the database; by default {@code hostname-pid}. */
    public Builder nodeId(String nodeId) {
      Objects.requireNonNull(nodeId, "nodeId");
      if (nodeId.isBlank() || nodeId.length() > 200) {
        throw new IllegalArgumentException("nodeId must be 1-200 characters, not blank");
      }
      this.nodeId = nodeId;
      return this;
    }

    /**
     * How long a node holds a run without renewing it before another may take it over; {@link
     * #DEFAULT_LEASE} by default. Renewed every third of it.
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease");
      if (lease.toMillis() < 3) {
        throw new IllegalArgumentException("lease must be at least 3 ms, was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * False for an engine on a node that does not work (serve only): it answers for runs and stores
     * approvals, and never acts, claims or takes over.
     */
    public Builder working(boolean working) {
      this.working = working;
      return this;
    }

    public RunbookEngine build() {
      if (escalations == null) {
        Consumer<String> l = log;
        escalations =
            e ->
                l.accept(
                    "escalated: runbook " + e.runbook() + " run " + e.run() + ": " + e.reason());
      }
      return new RunbookEngine(this);
    }
  }
}
