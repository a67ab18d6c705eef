package dev.kintsugi.runtime;

import dev.kintsugi.core.notify.Notification;
import dev.kintsugi.core.notify.Webhooks;
import dev.kintsugi.runtime.action.ServerCircuits;
import dev.kintsugi.runtime.canary.CanaryAnalysis;
import dev.kintsugi.runtime.canary.CanaryApi;
import dev.kintsugi.runtime.detect.Detectors;
import dev.kintsugi.runtime.diagnose.RuntimeDiagnosis;
import dev.kintsugi.runtime.diagnose.RuntimeIncidents;
import dev.kintsugi.runtime.diagnose.SeriesHistory;
import dev.kintsugi.runtime.diagnose.StoredChanges;
import dev.kintsugi.runtime.runbook.Escalation;
import dev.kintsugi.runtime.runbook.RunbookApi;
import dev.kintsugi.runtime.runbook.RunbookEngine;
import dev.kintsugi.runtime.runbook.RunbookRuns;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.runtime.signal.SignalState;
import dev.kintsugi.runtime.signal.Signals;
import dev.kintsugi.runtime.signal.StoredAlerts;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.ingest.ProjectKeys;
import dev.kintsugi.server.store.RecentChanges;
import dev.kintsugi.server.store.RuntimeIncidentStore;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runtime remediation in the server's process: the signals (scrapes, health checks, Alertmanager,
 * incident rates, new incidents) flow, one at a time, into runtime incidents (diagnosed) and the
 * runbook engine. Routes: {@code POST /api/v1/runtime/alertmanager}, {@code GET
 * /api/v1/runtime/runs}, {@code GET /api/v1/runtime/mttr}, {@code POST
 * /api/v1/runtime/runs/{id}/approve|reject}, and canary analysis ({@link CanaryApi}). People's
 * decisions taken in the dashboard reach the runbook engine through the {@link
 * dev.kintsugi.server.RuntimeApprovals} it offers the server at start.
 *
 * <p>Across nodes sharing one database: {@link #start} with {@link Context#work()} registers the
 * routes and works, without it only registers the routes; {@link #startWork} only works (a worker).
 * Every working node observes (scrapes, checks, detects); the runbook engine lets one node act per
 * episode (see {@link RunbookEngine}). Alertmanager's alerts are stored by whichever node receives
 * them ({@link StoredAlerts}) and handled by one working node, which polls for them every {@link
 * #NEW_INCIDENT_POLL}; approvals decided on a node that does not work are stored and taken over by
 * a working node within a third of {@link RunbookEngine#DEFAULT_LEASE}.
 *
 * <p>Stable API: {@link #read}, and the {@link ServerExtension} methods.
 */
public final class RuntimeExtension implements ServerExtension {

  /**
   * The multi-series forest's score from which a scrape is unusual in combination: its raw score
   * (about 0.5 and below for normal ticks, towards 1 for isolated ones).
   */
  static final double JOINT_THRESHOLD = 0.7;

  /** How often incidents opened by ingest are looked for. */
  static final Duration NEW_INCIDENT_POLL = Duration.ofSeconds(1);

  private final RuntimeConfig config;
  private final BoundCircuits circuits;
  private final FailingChecks failing = new FailingChecks();
  private ScheduledExecutorService scheduler;
  private ExecutorService flow;
  private Signals signals;
  private RunbookEngine engine;
  private RuntimeIncidents incidents;
  private volatile CanaryAnalysis canary;
  private Consumer<String> log = line -> {};
  private Store store;
  private final Set<String> unregistered = ConcurrentHashMap.newKeySet();

  private RuntimeExtension(RuntimeConfig config, BoundCircuits circuits) {
    this.config = config;
    this.circuits = circuits;
  }

  /**
   * Reads and validates a runtime configuration file (see {@link RuntimeConfig}).
   *
   * @throws RuntimeConfigException naming the bad field
   */
  public static RuntimeExtension read(Path file) throws RuntimeConfigException {
    BoundCircuits circuits = new BoundCircuits();
    return new RuntimeExtension(RuntimeConfig.read(file, circuits), circuits);
  }

  /** The configuration read. */
  public RuntimeConfig config() {
    return config;
  }

  /**
   * The canary analysis over the scraped series and the server's incidents (for a local rollout);
   * empty before {@link #start}.
   */
  public Optional<CanaryAnalysis> canary() {
    return Optional.ofNullable(canary);
  }

  @Override
  public void start(Javalin app, Context ctx) {
    begin(Optional.of(app), ctx, ctx.work());
  }

  @Override
  public void startWork(Context ctx) {
    begin(Optional.empty(), ctx, true);
  }

  /** Alerts queued per poll, at most. */
  static final int ALERTS_PER_POLL = 200;

  private void begin(Optional<Javalin> app, Context ctx, boolean work) {
    log = ctx.log();
    store = ctx.store();
    circuits.bind(ServerCircuits.of(ctx));
    scheduler = Executors.newScheduledThreadPool(2, daemon("kintsugi-signals"));
    flow = Executors.newSingleThreadExecutor(daemon("kintsugi-runtime"));
    StoredAlerts alerts = new StoredAlerts(ctx.db(), ctx.clock());
    Signals.Settings settings =
        new Signals.Settings(
            config.scrape(),
            config.checks(),
            Optional.of(config.project()),
            config.threshold(),
            config.retention(),
            50_000,
            Duration.ofMinutes(30));
    signals =
        new Signals(
            settings,
            ctx.db(),
            ctx.clock(),
            scheduler,
            () -> Detectors.create(config.detector()),
            signal -> {
              if (signal instanceof RuntimeSignal.Alert alert) {
                alerts.put(alert); // any node receives it; one working node takes it
              } else {
                flow.execute(() -> handle(signal));
              }
            },
            ctx.log());
    signals.jointly(Detectors::multiSeries, JOINT_THRESHOLD);
    SeriesHistory history =
        new SeriesHistory() {
          @Override
          public List<Point> points(String project, String series, Instant from, Instant to) {
            return signals.series().range(project, series, from, to).stream()
                .map(p -> new Point(p.at(), p.value()))
                .toList();
          }

          @Override
          public List<String> seriesOf(String project) {
            return signals.series().names(project);
          }
        };
    incidents =
        new RuntimeIncidents(
            ctx.store(),
            new RuntimeIncidentStore(ctx.db(), ctx.clock()),
            new RuntimeDiagnosis(
                new StoredChanges(ctx.store(), new RecentChanges(ctx.db())), history, failing),
            ctx.log());
    Webhooks webhooks = new Webhooks(ctx.webhooks(), ctx.clock());
    engine =
        RunbookEngine.builder(
                config.runbooks(),
                new RunbookRuns(ctx.db(), ctx.clock()),
                ctx.audit(),
                ctx.store(),
                new SharedState(signals, alerts))
            .policies(project -> config.policy())
            .clock(ctx.clock())
            .log(ctx.log())
            .escalations(e -> escalate(webhooks, e))
            .nodeId(ctx.nodeId())
            .working(work)
            .build();
    canary = CanaryAnalysis.of(config, signals.series(), ctx);
    if (app.isPresent()) {
      signals.register(app.get());
      new RunbookApi(engine, ctx.clock()).register(app.get());
      new CanaryApi(canary, new ProjectKeys(ctx.store(), ctx.clock())).register(app.get());
    }
    ctx.approvals().accept(engine);
    if (!work) {
      ctx.log()
          .accept(
              "runtime: node "
                  + ctx.nodeId()
                  + " serves the runtime routes only; working nodes scrape, check and act");
      return;
    }
    engine.start();
    NewIncidents news;
    try {
      news = new NewIncidents(ctx.db(), ctx.store(), signal -> flow.execute(() -> handle(signal)));
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("cannot read the incidents: " + e.getMessage(), e);
    }
    signals.start();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            news.poll();
          } catch (SQLException | RuntimeException e) {
            ctx.log().accept("runtime: cannot read new incidents: " + e.getMessage());
          }
          try {
            for (RuntimeSignal.Alert alert : alerts.take(ctx.nodeId(), ALERTS_PER_POLL)) {
              flow.execute(() -> handle(alert));
            }
          } catch (RuntimeException e) {
            ctx.log().accept("runtime: cannot take queued alerts: " + e.getMessage());
          }
        },
        NEW_INCIDENT_POLL.toMillis(),
        NEW_INCIDENT_POLL.toMillis(),
        TimeUnit.MILLISECONDS);
    ctx.log()
        .accept(
            "runtime: node "
                + ctx.nodeId()
                + " works: "
                + config.scrape().size()
                + " scrape target(s), "
                + config.checks().size()
                + " health check(s), "
                + config.runbooks().size()
                + " runbook(s)");
  }

  /**
   * One signal at a time: a recovery resolves its incident; anything else opens one and acts. A
   * project that is not registered gets no incident (said once), but its runbooks still act: the
   * configuration asked for them.
   */
  private void handle(RuntimeSignal signal) {
    try {
      if (signal instanceof RuntimeSignal.Health h) {
        failing.follow(h);
      }
      if (isRecovery(signal)) {
        if (registered(signal.project())) {
          incidents.recovered(signal);
        }
        return;
      }
      Optional<Long> incident =
          registered(signal.project()) ? Optional.of(incidents.open(signal)) : Optional.empty();
      engine.accept(signal, incident);
    } catch (RuntimeException e) {
      log.accept("runtime: cannot handle " + signal.kind() + " signal: " + e.getMessage());
    }
  }

  /** Whether the project is registered on the server; says once when it is not. */
  private boolean registered(String project) {
    if (store.projectNamed(project).isPresent()) {
      return true;
    }
    if (unregistered.add(project)) {
      log.accept(
          "runtime: project "
              + project
              + " is not registered: its signals open no incident until it is"
              + " (POST /api/v1/projects {\"name\": \""
              + project
              + "\"}); its runbooks still act");
    }
    return false;
  }

  private static boolean isRecovery(RuntimeSignal signal) {
    return signal instanceof RuntimeSignal.Health h && h.healthy()
        || signal instanceof RuntimeSignal.Alert a && !a.firing();
  }

  private void escalate(Webhooks webhooks, Escalation e) {
    log.accept(
        "runtime: runbook " + e.runbook() + " escalated (run " + e.run() + "): " + e.reason());
    if (!webhooks.isEmpty()) {
      webhooks
          .send(
              new Notification(
                  Notification.Event.ESCALATED,
                  e.project(),
                  e.signal(),
                  "runbook " + e.runbook() + " could not recover it: " + e.reason(),
                  "",
                  Optional.empty(),
                  0,
                  "run " + e.run()))
          .forEach(problem -> log.accept("runtime: " + problem));
    }
  }

  @Override
  public void close() {
    if (signals != null) {
      signals.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (flow != null) {
      flow.shutdownNow();
    }
  }

  /** The signals as this node sees them, with the alerts as every node received them. */
  private record SharedState(SignalState local, StoredAlerts alerts) implements SignalState {
    @Override
    public Optional<Boolean> healthy(String project, String check) {
      return local.healthy(project, check);
    }

    @Override
    public OptionalDouble latestScore(String project, String series, Instant since) {
      return local.latestScore(project, series, since);
    }

    @Override
    public boolean firing(String project, String alertName) {
      return alerts.firing(project, alertName);
    }

    @Override
    public long incidentEventsSince(long incidentId, Instant since) {
      return local.incidentEventsSince(incidentId, since);
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
