package dev.kintsugi.runtime.signal;

import dev.kintsugi.runtime.detect.Detector;
import dev.kintsugi.runtime.detect.MultiSeriesDetector;
import dev.kintsugi.server.store.Database;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The signals stage: scrapes the targets, runs the health checks, counts each incident's events per
 * minute and receives Alertmanager's alerts; scores every new point of a series with its own
 * detector, stores it, and emits a {@link RuntimeSignal.Anomaly} when the score reaches the
 * threshold — once per excursion: again only after a point scored below it. Health crossings and
 * alerts go to the same sink. It is the {@link SignalState} runbooks verify against.
 *
 * <p>Wiring: construct, {@link #register} the webhook on the server's app before it listens, then
 * {@link #start}; {@link #close} before the database closes. The executor is the caller's (it shuts
 * it down); a few threads suffice, as checks and scrapes are short and bounded by timeouts.
 *
 * <p>Stable API.
 */
public final class Signals implements SignalState, AutoCloseable {
  /** How often the incidents' finished minutes are counted. */
  static final Duration INCIDENT_POLL = Duration.ofSeconds(15);

  /** How often retention runs. */
  static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

  /** Series scored at most (each has a detector); further series are stored unscored. */
  static final int MAX_DETECTORS = 50_000;

  /**
   * What the stage does.
   *
   * @param defaultProject the project of Alertmanager alerts without a {@code project} label
   * @param anomalyThreshold a score at or above it is an anomaly, in (0, 1]
   * @param retention points older than this are deleted
   * @param maxPointsPerSeries a series keeps at most this many newest points
   * @param incidentWindow an incident's series goes on (with zeros) this long after its last event
   */
  public record Settings(
      List<ScrapeTarget> scrape,
      List<HealthCheck> checks,
      Optional<String> defaultProject,
      double anomalyThreshold,
      Duration retention,
      int maxPointsPerSeries,
      Duration incidentWindow) {
    public Settings {
      scrape = List.copyOf(scrape);
      checks = List.copyOf(checks);
      Objects.requireNonNull(defaultProject, "defaultProject");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(incidentWindow, "incidentWindow");
      if (!(anomalyThreshold > 0 && anomalyThreshold <= 1)) {
        throw new IllegalArgumentException("anomalyThreshold must be in (0, 1]");
      }
      if (maxPointsPerSeries < 1) {
        throw new IllegalArgumentException("maxPointsPerSeries must be ≥ 1");
      }
    }

    /**
     * The targets and checks with the defaults: no default project, threshold 0.9, 7 days'
     * retention, 50,000 points a series, incidents followed 30 minutes after their last event.
     */
    public static Settings of(List<ScrapeTarget> scrape, List<HealthCheck> checks) {
      return new Settings(
          scrape,
          checks,
          Optional.empty(),
          0.9,
          Duration.ofDays(7),
          50_000,
          Duration.ofMinutes(30));
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Supplier<Detector> detectors;
  private final Consumer<RuntimeSignal> sink;
  private final Consumer<String> log;
  private final SeriesStore store;
  private final AlertmanagerWebhook webhook;
  private final IncidentRates incidents;
  private final Prober prober;
  private final Map<String, Scraper> scrapers = new LinkedHashMap<>();
  private final Map<String, Probed> checks = new LinkedHashMap<>();
  private final Map<SeriesKey, Detector> scoring = new ConcurrentHashMap<>();
  private final Set<SeriesKey> excursions = ConcurrentHashMap.newKeySet();
  private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();
  private volatile boolean detectorCapLogged;
  private volatile JointScoring joint;
  private volatile double jointThreshold = 1;

  private record SeriesKey(String project, String series) {}

  private record Probed(HealthCheck check, HealthTracker tracker) {}

  /**
   * @param db the server's database (series tables, events)
   * @param detectors makes the detector of each new series
   * @param sink receives anomalies, health crossings and alerts (from the executor's threads and
   *     the webhook's; it must be thread-safe and quick)
   * @param log one line per state change (a target down, up again), never a secret
   */
  public Signals(
      Settings settings,
      Database db,
      Clock clock,
      ScheduledExecutorService executor,
      Supplier<Detector> detectors,
      Consumer<RuntimeSignal> sink,
      Consumer<String> log) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.detectors = Objects.requireNonNull(detectors, "detectors");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.log = Objects.requireNonNull(log, "log");
    this.store = new SeriesStore(db, clock, settings.maxPointsPerSeries());
    // Not emit: a sink that cannot take an alert fails the webhook's request (Alertmanager
    // retries).
    this.webhook = new AlertmanagerWebhook(settings.defaultProject(), sink);
    this.incidents = new IncidentRates(db, settings.incidentWindow());
    HttpFetch http = HttpFetch.create();
    for (ScrapeTarget t : settings.scrape()) {
      scrapers.put(t.name(), new Scraper(t, http, log));
    }
    this.prober = new Prober(http);
    for (HealthCheck c : settings.checks()) {
      checks.put(c.name(), new Probed(c, new HealthTracker(c)));
    }
  }

  /** Registers the Alertmanager webhook ({@link AlertmanagerWebhook#PATH}) on the server's app. */
  public void register(Javalin app) {
    webhook.register(app);
  }

  /** Schedules the scrapes, checks, incident counts and retention on the executor. */
  public void start() {
    for (Scraper s : scrapers.values()) {
      every(s.target().interval(), () -> scrape(s.target().name()));
    }
    for (Probed p : checks.values()) {
      every(p.check().interval(), () -> check(p.check().name()));
    }
    every(INCIDENT_POLL, this::pollIncidents);
    every(PRUNE_EVERY, this::prune);
  }

  /** The stored series (for diagnosis and reports). */
  public SeriesStore series() {
    return store;
  }

  /** Stops the scheduled work (the executor stays the caller's). */
  @Override
  public void close() {
    for (ScheduledFuture<?> f : scheduled) {
      f.cancel(false);
    }
    scheduled.clear();
  }

  private void every(Duration period, Runnable task) {
    scheduled.add(
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                task.run();
              } catch (RuntimeException e) {
                // A failed run must not cancel the next ones (as a thrown exception would).
                log.accept("signals: " + e.getMessage());
              }
            },
            0,
            period.toMillis(),
            TimeUnit.MILLISECONDS));
  }

  /**
   * Scores each scrape target's series together as well ({@link JointScoring}): the joint score is
   * the series {@code <target>/*}, an anomaly from {@code threshold} (the detector's own scale).
   * Call before {@link #start}.
   */
  public Signals jointly(IntFunction<MultiSeriesDetector> detectors, double threshold) {
    this.joint = new JointScoring(detectors);
    this.jointThreshold = threshold;
    return this;
  }

  /** Scrapes the named target once. */
  void scrape(String target) {
    Scraper s = scrapers.get(target);
    List<Observation> scraped = s.scrape(clock.instant());
    record(scraped);
    JointScoring j = joint;
    if (j != null) {
      j.score(s.target(), scraped).ifPresent(this::recordJoint);
    }
  }

  /** Stores a joint point with its own score and signals its excursions. */
  private void recordJoint(Observation o) {
    store.append(
        List.of(
            new SeriesStore.NewPoint(
                o.project(), o.series(), o.at(), o.value(), OptionalDouble.of(o.value()))));
    crossing(o, o.value(), jointThreshold).ifPresent(this::emit);
  }

  /** Runs the named check once. */
  void check(String name) {
    Probed p = checks.get(name);
    Prober.Result result = prober.probe(p.check());
    Instant at = clock.instant();
    p.tracker().record(result, at).ifPresent(this::emit);
    String series = p.check().series();
    record(
        List.of(
            new Observation(p.check().project(), series, at, result.ok() ? 1 : 0, false),
            new Observation(
                p.check().project(),
                series + "/latency_seconds",
                at,
                result.latency().toNanos() / 1e9,
                false)));
  }

  /** Counts the incidents' finished minutes. */
  void pollIncidents() {
    record(incidents.poll(clock.instant()));
  }

  /** Applies retention. */
  void prune() {
    store.prune(settings.retention());
  }

  /** Scores, stores and signals new points. */
  private void record(List<Observation> observations) {
    List<SeriesStore.NewPoint> points = new ArrayList<>(observations.size());
    List<RuntimeSignal.Anomaly> anomalies = new ArrayList<>();
    for (Observation o : observations) {
      OptionalDouble score = o.scored() ? score(o) : OptionalDouble.empty();
      points.add(new SeriesStore.NewPoint(o.project(), o.series(), o.at(), o.value(), score));
      if (score.isPresent()) {
        crossing(o, score.getAsDouble(), settings.anomalyThreshold()).ifPresent(anomalies::add);
      }
    }
    store.append(points);
    anomalies.forEach(this::emit);
  }

  /** An anomaly when the series' score reaches the threshold, once per excursion above it. */
  private Optional<RuntimeSignal.Anomaly> crossing(Observation o, double score, double threshold) {
    SeriesKey key = new SeriesKey(o.project(), o.series());
    if (score < threshold) {
      excursions.remove(key);
      return Optional.empty();
    }
    return excursions.add(key)
        ? Optional.of(new RuntimeSignal.Anomaly(o.project(), o.series(), o.at(), o.value(), score))
        : Optional.empty();
  }

  private OptionalDouble score(Observation o) {
    SeriesKey key = new SeriesKey(o.project(), o.series());
    Detector d = scoring.get(key);
    if (d == null) {
      if (scoring.size() >= MAX_DETECTORS) {
        if (!detectorCapLogged) {
          detectorCapLogged = true;
          log.accept("signals: more than " + MAX_DETECTORS + " series, new ones are not scored");
        }
        return OptionalDouble.empty();
      }
      d = scoring.computeIfAbsent(key, k -> detectors.get());
    }
    try {
      double s = d.score(o.at(), o.value());
      return Double.isFinite(s)
          ? OptionalDouble.of(Math.max(0, Math.min(1, s)))
          : OptionalDouble.empty();
    } catch (IllegalArgumentException e) {
      return OptionalDouble.empty(); // a point out of order: stored, not scored
    }
  }

  private void emit(RuntimeSignal signal) {
    try {
      sink.accept(signal);
    } catch (RuntimeException e) {
      log.accept("signals: the sink failed on a " + signal.kind() + " signal: " + e.getMessage());
    }
  }

  @Override
  public Optional<Boolean> healthy(String project, String check) {
    Probed p = checks.get(check);
    if (p == null || !p.check().project().equals(project)) {
      return Optional.empty();
    }
    return p.tracker().healthy();
  }

  @Override
  public OptionalDouble latestScore(String project, String series, Instant since) {
    return store.latestScore(project, series, since);
  }

  @Override
  public boolean firing(String project, String alertName) {
    return webhook.firing(project, alertName);
  }

  @Override
  public long incidentEventsSince(long incidentId, Instant since) {
    return incidents.eventsSince(incidentId, since);
  }
}
