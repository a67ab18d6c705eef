package dev.kintsugi.server.heal;

import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.core.incident.RevertOutcome;
import dev.kintsugi.core.incident.RevertRequest;
import dev.kintsugi.core.notify.Notification;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.FixWatch;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.ServerAuditLog;
import dev.kintsugi.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Watch after release: looks at the new events of incidents whose fix was merged ({@link
 * FixWatchStore}) and asks the healer whether each event's release contains the fix ({@link
 * IncidentHealer#contains}). The first that does means the fix did not hold: the watch and the
 * incident become {@code regressed}, the healer records the fix as failed in the ledger and reverts
 * it ({@link IncidentHealer#revert}: a pull request when the project delivers pull requests), and a
 * {@code regressed} notification goes out. Events of releases that do not contain the fix (older
 * ones, still deployed), of unknown or untrusted releases, or without a release, say nothing.
 *
 * <p>Driven by the heal scheduler's polling, on a thread of its own (a containment check may fetch
 * a mirrored repository), never from ingest. Releases come from events, which a DSN key holder can
 * fill with anything: each (watch, release) is asked about once ({@link #FORGET} for an answer of
 * no, since an unknown release may become known), and at most {@link #CHECKS_PER_HOUR} per project
 * and hour; the rest waits for the next hour, its events not yet looked at.
 */
public final class RecurrenceWatch implements AutoCloseable {

  static final int EVENTS_PER_LOOK = 500;
  static final int CHECKS_PER_HOUR = 20;
  static final Duration FORGET = Duration.ofMinutes(10);

  private final FixWatchStore watches;
  private final Store store;
  private final HealRunStore runs;
  private final HealPolicyStore policies;
  private final DeliverySettingsStore deliveries;
  private final AuditStore audit;
  private final IncidentHealer healer;
  private final FixNews news;
  private final Clock clock;
  private final Consumer<String> log;
  private final ExecutorService thread;
  private final AtomicBoolean looking = new AtomicBoolean();

  /** (watch, release) → whether it contains the fix, and when that was asked. */
  private final Map<String, Answer> answers = new HashMap<>();

  /** Per project, when its releases were last asked about. */
  private final Map<Long, Deque<Instant>> asked = new HashMap<>();

  private record Answer(boolean contains, Instant at) {}

  public RecurrenceWatch(
      FixWatchStore watches,
      Store store,
      HealRunStore runs,
      HealPolicyStore policies,
      DeliverySettingsStore deliveries,
      AuditStore audit,
      IncidentHealer healer,
      FixNews news,
      Clock clock,
      Consumer<String> log) {
    this.watches = watches;
    this.store = store;
    this.runs = runs;
    this.policies = policies;
    this.deliveries = deliveries;
    this.audit = audit;
    this.healer = healer;
    this.news = news;
    this.clock = clock;
    this.log = log;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kintsugi-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts a look on the watch's thread, unless one is under way; returns at once. */
  public void poke() {
    if (!looking.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.execute(
          () -> {
            try {
              look();
            } catch (RuntimeException e) {
              log.accept("recurrence watch: " + e.getMessage());
            } finally {
              looking.set(false);
            }
          });
    } catch (RejectedExecutionException e) {
      looking.set(false);
    }
  }

  /** One look at every watched fix's new events. */
  synchronized void look() {
    Instant now = clock.instant();
    // A "no" may turn into a "yes" once an unknown release is pushed; a "yes" ends its watch, so
    // it is kept only long enough not to be asked again while that watch is being closed.
    answers
        .values()
        .removeIf(a -> a.at().isBefore(now.minus(a.contains() ? Duration.ofDays(1) : FORGET)));
    for (FixWatch watch : watches.watching()) {
      lookAt(watch, now);
    }
  }

  private void lookAt(FixWatch watch, Instant now) {
    List<FixWatchStore.Sighting> events = watches.eventsAfter(watch, EVENTS_PER_LOOK);
    long upTo = watch.lastEventId();
    List<String> trusted = policies.get(watch.projectId()).trustedRefs();
    for (FixWatchStore.Sighting event : events) {
      if (event.release().isPresent()) {
        String release = event.release().get();
        String key = watch.id() + "\n" + release;
        Answer answer = answers.get(key);
        if (answer == null) {
          if (!mayAsk(watch.projectId(), now)) {
            break; // over this hour's checks: the rest waits, not yet looked at
          }
          answer =
              new Answer(
                  healer.contains(watch.repository(), release, watch.commits(), trusted), now);
          answers.put(key, answer);
        }
        if (answer.contains()) {
          regress(watch, event, trusted);
          return;
        }
      }
      upTo = event.rowId();
    }
    if (upTo > watch.lastEventId()) {
      watches.advance(watch.id(), upTo);
    }
  }

  private boolean mayAsk(long projectId, Instant now) {
    Deque<Instant> times = asked.computeIfAbsent(projectId, p -> new ArrayDeque<>());
    while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(Duration.ofHours(1)))) {
      times.removeFirst();
    }
    if (times.size() >= CHECKS_PER_HOUR) {
      return false;
    }
    times.addLast(now);
    return true;
  }

  /** The fix came back: regress, revert (ledger first), tell. */
  private void regress(FixWatch watch, FixWatchStore.Sighting event, List<String> trusted) {
    if (!watches.regressed(watch, event)) {
      return;
    }
    String release = event.release().orElse("");
    Optional<Incident> incident = store.incident(watch.incidentId());
    Optional<Project> project = store.project(watch.projectId());
    String title = incident.map(Incident::title).orElse("incident " + watch.incidentId());
    log.accept(
        "incident "
            + watch.incidentId()
            + " regressed: release "
            + release
            + " contains its merged fix "
            + watch.fixCommit());
    // The revert is delivered as the project's fixes are; it needs no policy (a person merges it).
    DeliveryRequest how = DeliveryRequests.withoutPolicy(deliveries.get(watch.projectId()));
    RevertOutcome outcome;
    try {
      outcome =
          healer.revert(
              new RevertRequest(
                  watch.incidentId(),
                  title,
                  watch.repository(),
                  watch.fixCommit(),
                  watch.mergeCommit(),
                  release,
                  trusted,
                  how,
                  runs.report(watch.healRunId()).orElse("{}")),
              new ServerAuditLog(audit, watch.projectId(), watch.incidentId(), watch.healRunId()));
    } catch (RuntimeException e) {
      outcome =
          RevertOutcome.notReverted(
              "not reverted: the healer failed: " + e, "the fix ledger was not told");
    }
    watches.reverted(watch.id(), outcome);
    log.accept("incident " + watch.incidentId() + ": " + outcome.summary());
    Optional<HealRun> run = store.healRun(watch.healRunId());
    news.tell(
        new Notification(
            Notification.Event.REGRESSED,
            project.flatMap(Project::repo).orElse(watch.repository()),
            title,
            "came back in release "
                + release
                + ", which contains the fix "
                + watch.fixCommit()
                + "; "
                + outcome.summary(),
            outcome.branch().orElse(run.flatMap(HealRun::branch).orElse("")),
            outcome.pullRequest().map(pr -> pr.url()),
            run.map(r -> r.confidence().orElse(0)).orElse(0.0),
            outcome.reverted()
                ? "reverted, for a person to merge; " + outcome.ledger()
                : "not reverted; " + outcome.ledger()));
  }

  /** Stops the watch's thread; a look under way finishes first (up to 10 s). */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
