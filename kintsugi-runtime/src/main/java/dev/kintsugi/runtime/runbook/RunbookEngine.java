package dev.kintsugi.runtime.runbook;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.policy.RuntimePolicy;
import dev.kintsugi.runtime.action.ActionOutcome;
import dev.kintsugi.runtime.action.RuntimeAction;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.runtime.signal.SignalState;
import dev.kintsugi.server.RuntimeApprovals;
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
 * {@code runtime.escalated}, {@code runtime.interrupted}.
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

  /** Runbooks with a run under way (or awaiting approval). */
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

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
   * A person approves a run that awaits approval: it continues on the executor.
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
    busy.add(runbook.name());
    executor.execute(() -> guarded(runbook, () -> act(runbook, run)));
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
    busy.remove(run.runbook());
    return true;
  }

  /**
   * After a start: runs awaiting approval keep waiting (their runbooks count as busy); runs a stop
   * left half done end {@code interrupted} and are escalated, since nobody knows what their last
   * action did. Call once, before {@link #accept}ing signals.
   */
  public void resume() {
    for (RunbookRun run : runs.unfinished()) {
      if (run.state().equals(RunbookRun.AWAITING_APPROVAL)) {
        busy.add(run.runbook());
        continue;
      }
      runs.finish(run.id(), "interrupted", Optional.empty());
      append(
          run,
          AuditRecord.system(
              "runtime.interrupted",
              "run",
              id(run),
              "runbook",
              run.runbook(),
              "state",
              run.state()));
      escalate(run, "interrupted by a stop while " + run.state());
    }
  }

  /** Stops the engine's own pool (an injected executor is the caller's to stop). */
  @Override
  public void close() {
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

  /** Runs work for a runbook; whatever fails, the runbook is free again once its run ends. */
  private void guarded(Runbook runbook, Work work) {
    boolean waiting = false;
    try {
      waiting = work.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.accept("runbook " + runbook.name() + " failed: " + e);
    } finally {
      if (!waiting) {
        busy.remove(runbook.name());
      }
    }
  }

  /** A runbook's work; true when its run now waits for a person. */
  private interface Work {
    boolean run() throws InterruptedException;
  }

  private boolean trigger(Runbook runbook, RuntimeSignal signal, Optional<Long> incident)
      throws InterruptedException {
    Instant now = clock.instant();
    List<RunbookRun> recent =
        runs.runsOf(
            runbook.project(), runbook.name(), now.minus(max(runbook.guards().cooldown(), HOUR)));
    Optional<String> skip = skipReason(runbook, recent, now);
    String description = signal.describe();
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
      return false;
    }
    lastSkip.remove(runbook.name());
    long id =
        runs.start(
            new RunbookRuns.Start(
                runbook.project(),
                runbook.name(),
                signal.kind(),
                description,
                incident,
                runbook.guards().dryRun(),
                signal.at()));
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
            signal.at().toString()));

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
      return false;
    }
    if (runbook.guards().dryRun()) {
      dryRun(runbook, run, needApproval);
      return false;
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
      return true;
    }
    act(runbook, run);
    return false;
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

  /** Acts, verifies, and on failure undoes and escalates. */
  private boolean act(Runbook runbook, RunbookRun run) throws InterruptedException {
    long id = run.id();
    runs.state(id, "acting");
    List<RuntimeAction> undo = new ArrayList<>();
    String failure = null;
    try {
      for (Runbook.Step step : runbook.steps()) {
        boolean done = false;
        for (RuntimeAction action : learning.rank(run.signalKind(), step.alternatives())) {
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
        if (!done) {
          failure = "no action of step " + (runbook.steps().indexOf(step) + 1) + " took effect";
          break;
        }
      }
      if (failure == null) {
        runs.state(id, "verifying");
        Instant since = clock.instant();
        Optional<Instant> recovered = verify(runbook, run, since);
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
          return false;
        }
        failure = "not recovered within " + runbook.verify().within();
        append(run, AuditRecord.system("runtime.not_verified", "run", id(run), "reason", failure));
      }
      if (runbook.undoOnFailure() && !undo.isEmpty()) {
        runs.state(id, "undoing");
        Collections.reverse(undo);
        for (RuntimeAction action : undo) {
          perform(run, "undo", action);
        }
      }
    } catch (InterruptedException e) {
      runs.finish(id, "interrupted", Optional.empty());
      append(run, AuditRecord.system("runtime.interrupted", "run", id(run)));
      throw e;
    }
    runs.finish(id, runbook.escalateOnFailure() ? "escalated" : "failed", Optional.empty());
    if (runbook.escalateOnFailure()) {
      escalate(run, failure);
    }
    return false;
  }

  /** Stores the step, runs the action, stores and audits how it went. */
  private ActionOutcome perform(RunbookRun run, String phase, RuntimeAction action)
      throws InterruptedException {
    int seq = runs.step(run.id(), phase, action.kind(), action.describe(), "running");
    ActionOutcome outcome;
    try {
      outcome = action.run();
    } catch (RuntimeException e) {
      outcome = ActionOutcome.failed("failed: " + e.getMessage());
    }
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
