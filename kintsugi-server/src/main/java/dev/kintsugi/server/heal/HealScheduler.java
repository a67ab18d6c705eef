package dev.kintsugi.server.heal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.audit.AuditException;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.core.policy.PolicyException;
import dev.kintsugi.core.signal.ProductionError;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealPolicy;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.IncidentStatus;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.ServerAuditLog;
import dev.kintsugi.server.store.Store;
import dev.kintsugi.server.store.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Heals incidents on background threads: queues the runs the projects' auto-heal policies make due
 * within their heal budgets ({@link HealAdmission}), takes the oldest queued run, hands the
 * incident's latest event to the {@link IncidentHealer}, and stores the outcome. The run's state
 * lives in the database ({@link HealRunStore}), so a server stopped mid-heal picks the run up again
 * at its next start. The run's stages are stored as they begin ({@link StepRecorder}, one per run),
 * for REST to show its progress. The healer records what it does in the audit trail through a
 * {@link ServerAuditLog} bound to the run; the run's own transitions ({@code heal.queued}, {@code
 * heal.started}, {@code heal.finished}, {@code heal.requeued}) are recorded by {@link HealRunStore}
 * with them.
 *
 * <p>Each thread heals one incident at a time; the server runs two per core ({@code
 * --heal-concurrency}): heals of one release share its preparation and their confirming builds, and
 * spend much of their time waiting on a worker or a build. Each poll also asks the healer to
 * prepare what is coming ({@link ReleaseWatch}) and looks at the new events of incidents whose fix
 * was merged ({@link RecurrenceWatch}).
 *
 * <p>Several schedulers (server and worker nodes, each with its own node id) may share one
 * database. A scheduler holds each run it heals by a lease ({@link HealRunStore#claimNext}) that a
 * heartbeat thread renews every third of the lease. A run whose renewal finds it no longer held
 * (its lease expired and another node took it over) is lost: its heal is interrupted and abandoned,
 * and it is never finished here ({@link HealRunStore#finish} refuses it too). At start the runs
 * this node id left running are queued again at once ({@link HealRunStore#reclaim}); at close the
 * leases of runs cut short are released, so another node resumes them at once.
 *
 * <p>Each heal is delivered as its project's settings say ({@link DeliverySettingsStore}: a branch
 * or a pull request, the policy given to the server), with the server's webhooks. A heal that
 * merged its fix resolves the incident and starts watching the fix after release.
 */
public final class HealScheduler implements AutoCloseable {

  /** How many of an incident's latest events are read to count frame sightings. */
  private static final int SIGHTING_EVENTS = 50;

  private final Store store;
  private final HealRunStore runs;
  private final HealAdmission admission;
  private final HealPolicyStore policies;
  private final AuditStore audit;
  private final IncidentHealer healer;
  private final Duration poll;
  private final Consumer<String> log;
  private final Listener listener;
  private final ObjectMapper json = new ObjectMapper();
  private final EventErrors events = new EventErrors(json);
  private final FrameSightings sightings = new FrameSightings(events);
  private final Semaphore wake = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();
  private final ReleaseWatch releases;
  private final RecurrenceWatch recurrence;
  private final DeliverySettingsStore deliveries;
  private final FixWatchStore watches;
  private final FixNews news;
  private final java.util.concurrent.atomic.AtomicLong lastLook =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
  private volatile boolean stopped;

  /** What the scheduler did: for metrics. */
  public interface Listener {
    /** A heal ended with {@code status} (fixed, not_fixed, error). */
    void healed(String status);

    /** A run was claimed; {@code takeover}: from another node, whose lease had expired. */
    default void claimed(boolean takeover) {}

    /** A run's lease was lost to another node: its heal was abandoned. */
    default void leaseLost() {}
  }

  /** The lease a node holds a run by unless configured otherwise. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** A node id for a process that was given none: its host name and process id. */
  public static String defaultNodeId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    String id = host + "-" + ProcessHandle.current().pid();
    return id.length() <= 200 ? id : id.substring(id.length() - 200);
  }

  /** A run this node heals: its thread, its steps, and whether it ended or was lost. */
  private static final class Held {
    final Thread thread = Thread.currentThread();
    final StepRecorder steps;
    boolean finishing;
    boolean lost;

    Held(StepRecorder steps) {
      this.steps = steps;
    }
  }

  private final String node;
  private final Duration lease;
  private final java.util.Map<Long, Held> held = new java.util.concurrent.ConcurrentHashMap<>();
  private final Thread heartbeat;

  /**
   * Heals up to {@code concurrency} incidents at once.
   *
   * @param node this node's id (at most 200 characters), stored with the runs it claims: a node
   *     restarted under the same id takes its runs back at once ({@link #defaultNodeId()})
   * @param lease how long a claimed run stays this node's without a renewal (renewed every third)
   */
  public HealScheduler(
      Store store,
      HealRunStore runs,
      HealAdmission admission,
      HealPolicyStore policies,
      AuditStore audit,
      IncidentHealer healer,
      Duration poll,
      Consumer<String> log,
      Listener listener,
      int concurrency,
      DeliverySettingsStore deliveries,
      FixWatchStore watches,
      FixNews news,
      String node,
      Duration lease) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("heal concurrency must be >= 1, was " + concurrency);
    }
    if (node == null || node.isBlank() || node.length() > 200) {
      throw new IllegalArgumentException(
          "the node id must be 1-200 characters, was "
              + (node == null ? "null" : "'" + node + "'"));
    }
    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the heal lease must be at least 1 s, was " + lease);
    }
    this.node = node;
    this.lease = lease;
    this.store = store;
    this.runs = runs;
    this.admission = admission;
    this.policies = policies;
    this.audit = audit;
    this.healer = healer;
    this.poll = poll;
    this.log = log;
    this.listener = listener;
    this.releases = new ReleaseWatch(store, policies, healer, java.time.Clock.systemUTC(), log);
    this.deliveries = deliveries;
    this.watches = watches;
    this.news = news;
    this.recurrence =
        new RecurrenceWatch(
            watches,
            store,
            runs,
            policies,
            deliveries,
            audit,
            healer,
            news,
            java.time.Clock.systemUTC(),
            log);
    for (int i = 0; i < concurrency; i++) {
      Thread thread = new Thread(this::loop, "kintsugi-heal-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    heartbeat = new Thread(this::renewLeases, "kintsugi-heal-lease");
    heartbeat.setDaemon(true);
  }

  /** This node's id. */
  public String node() {
    return node;
  }

  /** How many runs this node heals now. */
  public int running() {
    return held.size();
  }

  /**
   * Requeues the runs this node id left running (a restart), then starts the heal threads and the
   * heartbeat.
   */
  public HealScheduler start() {
    int resumed = runs.reclaim(node);
    if (resumed > 0) {
      log.accept(resumed + " heal run(s) interrupted by the last stop are queued again");
    }
    threads.forEach(Thread::start);
    heartbeat.start();
    return this;
  }

  /** Every third of the lease: renews this node's leases, and abandons the runs it lost. */
  private void renewLeases() {
    long every = Math.max(1, lease.toMillis() / 3);
    while (!stopped) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      try {
        for (long id : runs.renew(node, lease, List.copyOf(held.keySet()))) {
          Held h = held.get(id);
          if (h == null) {
            continue; // ended meanwhile
          }
          synchronized (h) {
            if (h.finishing || h.lost) {
              continue; // its finish is refused if the lease is gone: counted there
            }
            h.lost = true;
            h.steps.abandon();
            h.thread.interrupt();
          }
          lostLease(id);
        }
      } catch (RuntimeException e) {
        // The database may be back before the leases expire: keep trying.
        log.accept("heal scheduler: cannot renew leases: " + e.getMessage());
      }
    }
  }

  private void lostLease(long runId) {
    listener.leaseLost();
    log.accept(
        "heal run "
            + runId
            + ": node "
            + node
            + " lost its lease (another node took the run over); this heal is abandoned");
  }

  /** Looks for work now instead of at the next poll (after a run was queued by hand). */
  public void wake() {
    wake.release(threads.size());
  }

  /** At most once per poll, whichever heal thread comes first. */
  private void lookForReleases() {
    long now = System.nanoTime();
    long last = lastLook.get();
    if (now - last >= poll.toNanos() && lastLook.compareAndSet(last, now)) {
      releases.look();
      recurrence.poke();
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        lookForReleases();
        admission.admit(); // synchronized: select-then-insert, or runs double up
        Optional<HealRunStore.Claimed> next = runs.claimNext(node, lease);
        if (next.isPresent()) {
          listener.claimed(next.get().takeover(node));
          heal(next.get());
          continue;
        }
        wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A storage hiccup must not end healing for good: log, back off, go on.
        log.accept("heal scheduler: " + e.getMessage());
        try {
          Thread.sleep(poll.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void heal(HealRunStore.Claimed run) {
    StepRecorder steps = new StepRecorder(runs, run.runId(), log);
    Held mine = new Held(steps);
    held.put(run.runId(), mine);
    try {
      steps.start(
          run.claims() == 1
              ? "healing incident " + run.incidentId() + " (" + run.trigger() + ")"
              : "resuming the heal of incident "
                  + run.incidentId()
                  + " ("
                  + run.trigger()
                  + ") on node "
                  + node
                  + run.previousOwner().map(o -> ", after node " + o).orElse(""));
      heal(run, steps);
    } finally {
      held.remove(run.runId());
    }
  }

  private void heal(HealRunStore.Claimed run, StepRecorder steps) {
    Optional<Incident> incident = store.incident(run.incidentId());
    Optional<Project> project = store.project(run.projectId());
    if (incident.isEmpty() || project.isEmpty() || project.get().repo().isEmpty()) {
      finish(run, failed("the project has no repository registered; nothing to heal"), null, steps);
      return;
    }
    Optional<StoredEvent> event = store.latestEvent(run.incidentId());
    if (event.isEmpty()) {
      finish(run, failed("the incident has no stored event"), incident.get(), steps);
      return;
    }
    ProductionError error;
    try {
      error = events.read(event.get().payload(), project.get().inAppPrefixes());
    } catch (java.io.IOException e) {
      finish(
          run, failed("the stored event cannot be read: " + e.getMessage()), incident.get(), steps);
      return;
    }
    IncidentStatus before = incident.get().status();
    if (before.canMoveTo(IncidentStatus.HEALING)) {
      store.moveStatus(run.incidentId(), before, IncidentStatus.HEALING);
    }
    log.accept(
        "healing incident "
            + run.incidentId()
            + " ("
            + run.trigger()
            + "): "
            + shortTitle(incident.get()));
    HealPolicy policy = policies.get(project.get().id());
    DeliveryRequest delivery;
    try {
      // The branch is the run's, the same at every attempt: a resumed run delivers idempotently.
      delivery =
          DeliveryRequests.of(deliveries.get(project.get().id()), project.get(), news.webhooks())
              .withBranch(DeliveryRequest.runBranch(run.incidentId(), run.runId()));
    } catch (PolicyException e) {
      finish(
          run,
          failed("the policy given to the server cannot be used: " + e.getMessage()),
          incident.get(),
          steps);
      return;
    }
    AuditLog trail = new ServerAuditLog(audit, run.projectId(), run.incidentId(), run.runId());
    IncidentHealOutcome outcome;
    try {
      outcome =
          healer.heal(
              new IncidentHealRequest(
                  run.incidentId(),
                  incident.get().title(),
                  project.get().repo().get(),
                  project.get().inAppPrefixes(),
                  error,
                  policy.trustedRefs(),
                  sightings.count(
                      store.recentEvents(run.incidentId(), SIGHTING_EVENTS),
                      project.get().inAppPrefixes()),
                  policy.minFrameEvents(),
                  delivery),
              steps,
              trail);
    } catch (RuntimeException | Error e) {
      outcome = failed("the healer failed: " + e);
    }
    Held mine = held.get(run.runId());
    synchronized (mine) {
      if (mine.lost) {
        Thread.interrupted(); // the heartbeat's interrupt: the heal is over either way
        return; // another node holds the run now: nothing of this heal is stored
      }
    }
    if (stopped) {
      // close() interrupted this thread, which ends here: cleared, so that the database write
      // (H2 file I/O, the pool's wait) is not cut short by it.
      Thread.interrupted();
      steps.stopped();
      try {
        trail.append(
            AuditRecord.system(
                "heal.stopped", "reason", "the server stopped; queued again at its next start"));
      } catch (AuditException e) {
        log.accept("heal run " + run.runId() + ": " + e.getMessage());
      }
      return; // cut short by close(): stays running, and is queued again at the next start
    }
    finish(run, outcome, incident.get(), steps);
  }

  private void finish(
      HealRunStore.Claimed run,
      IncidentHealOutcome outcome,
      Incident incident,
      StepRecorder steps) {
    Held mine = held.get(run.runId());
    synchronized (mine) {
      if (mine.lost) {
        Thread.interrupted(); // the heartbeat's interrupt: the heal is over either way
        return; // another node holds the run now: nothing of this heal is stored
      }
      mine.finishing = true;
    }
    if (lostMeanwhile(run.runId())) {
      steps.abandon(); // its steps are the new owner's now
      lostLease(run.runId());
      return;
    }
    IncidentHealOutcome stored =
        HealRunStore.FINAL.contains(outcome.status()) ? outcome : outcome.withStatus("not_fixed");
    steps.done(stored); // before the run ends: an ended run's last step is its end
    if (!runs.finish(run.runId(), node, stored)) {
      lostLease(run.runId()); // expired while it healed, and another node took it over
      return;
    }
    if (incident != null && stored.fixed() && stored.merged()) {
      try {
        watches.watchMergedRun(run.runId()); // resolves the incident
      } catch (RuntimeException e) {
        log.accept("incident " + run.incidentId() + ": cannot watch its merged fix: " + e);
        store.moveStatus(run.incidentId(), IncidentStatus.HEALING, IncidentStatus.FIX_PROPOSED);
      }
    } else if (incident != null) {
      store.moveStatus(
          run.incidentId(),
          IncidentStatus.HEALING,
          outcome.fixed() ? IncidentStatus.FIX_PROPOSED : IncidentStatus.OPEN);
    }
    listener.healed(outcome.status());
    log.accept(
        "incident "
            + run.incidentId()
            + ": "
            + outcome.status()
            + outcome.branch().map(b -> " → branch " + b).orElse("")
            + outcome.pullRequest().map(pr -> ", " + pr.url()).orElse("")
            + (outcome.merged() ? " (merged)" : "")
            + " — "
            + outcome.summary());
  }

  /**
   * Renews the run's lease right before it ends, so that its last step is not stored into a run
   * another node holds now; true when the lease is lost. A renewal that fails (the database) is
   * left to the guarded finish, which fails the same way or refuses.
   */
  private boolean lostMeanwhile(long runId) {
    try {
      return !runs.renew(node, lease, List.of(runId)).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private IncidentHealOutcome failed(String why) {
    String report = json.createObjectNode().put("status", "error").put("reason", why).toString();
    return IncidentHealOutcome.error(why, report);
  }

  private static String shortTitle(Incident incident) {
    String t = incident.title();
    return t.length() <= 100 ? t : t.substring(0, 99) + "…";
  }

  /**
   * Stops the threads; a heal in progress stays {@code running}, its lease released so that another
   * node (or this one's next start) resumes it at once.
   */
  @Override
  public void close() {
    stopped = true;
    recurrence.close();
    List<Long> cut = List.copyOf(held.keySet());
    heartbeat.interrupt();
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try {
      runs.release(node, cut);
    } catch (RuntimeException e) {
      log.accept("heal scheduler: cannot release leases (they expire instead): " + e.getMessage());
    }
  }
}
