package dev.kintsugi.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.server.api.AuditApi;
import dev.kintsugi.server.api.DeliveryApi;
import dev.kintsugi.server.api.FixReviewApi;
import dev.kintsugi.server.api.FixWatchApi;
import dev.kintsugi.server.api.HealPolicyApi;
import dev.kintsugi.server.api.RequestIds;
import dev.kintsugi.server.api.RestApi;
import dev.kintsugi.server.circuit.CircuitApi;
import dev.kintsugi.server.circuit.CircuitStore;
import dev.kintsugi.server.circuit.FaultApi;
import dev.kintsugi.server.circuit.FaultStore;
import dev.kintsugi.server.group.Fingerprinter;
import dev.kintsugi.server.heal.FixNews;
import dev.kintsugi.server.heal.FixReview;
import dev.kintsugi.server.heal.HealBudgetGauges;
import dev.kintsugi.server.heal.HealScheduler;
import dev.kintsugi.server.ingest.IngestHandler;
import dev.kintsugi.server.ingest.ProjectKeys;
import dev.kintsugi.server.journal.IngestJournal;
import dev.kintsugi.server.journal.JournalApplier;
import dev.kintsugi.server.journal.JournalLocation;
import dev.kintsugi.server.metrics.ServerMetrics;
import dev.kintsugi.server.scrub.Scrubber;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.ProjectQuotas;
import dev.kintsugi.server.store.Store;
import dev.kintsugi.server.store.StoreException;
import dev.kintsugi.server.web.Dashboard;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Kintsugi server: Sentry-compatible ingest, incident grouping, the REST API, {@code /healthz}
 * and {@code /metrics}, over one JDBC database. Ingest acknowledges an event once it is in the
 * ingest journal; a journal applier moves it into the database within milliseconds, and REST reads
 * wait for the events acknowledged before them. Start with {@link #start}, stop with {@link #close}
 * (journaled events are applied first).
 *
 * <p>Stable API: {@link #start}, {@link #port}, {@link #adminToken}, {@link #store}, {@link
 * #awaitIngested}, {@link #close}.
 */
public final class KintsugiServer implements AutoCloseable {

  /** How long a REST read waits for the events acknowledged before it to reach the database. */
  private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

  private final Javalin app;
  private final Database db;
  private final IngestJournal journal;
  private final JournalLocation journalLocation;
  private final JournalApplier applier;
  private final Store store;
  private final HealScheduler scheduler;
  private final FixNews news;
  private final Dashboard dashboard;
  private final String adminToken;
  private final boolean generatedToken;
  private final List<ServerExtension> extensions;

  private KintsugiServer(
      Javalin app,
      Database db,
      IngestJournal journal,
      JournalLocation journalLocation,
      JournalApplier applier,
      Store store,
      HealScheduler scheduler,
      FixNews news,
      Dashboard dashboard,
      String adminToken,
      boolean generatedToken,
      List<ServerExtension> extensions) {
    this.extensions = extensions;
    this.dashboard = dashboard;
    this.scheduler = scheduler;
    this.news = news;
    this.app = app;
    this.db = db;
    this.journal = journal;
    this.journalLocation = journalLocation;
    this.applier = applier;
    this.store = store;
    this.adminToken = adminToken;
    this.generatedToken = generatedToken;
  }

  /**
   * Opens (and migrates) the database and starts listening; incidents are not healed. What the
   * server reports (a 500's stack trace, journal recovery) goes to standard error.
   */
  public static KintsugiServer start(ServerConfig config) {
    return start(config, null, line -> System.err.println("kintsugi: " + line));
  }

  /**
   * Opens (and migrates) the database, starts listening, and heals incidents with {@code healer}
   * (one at a time, on a background thread; the other overload heals several at once) when it is
   * not null.
   *
   * @param log where the heal scheduler reports what it does, one line at a time
   */
  public static KintsugiServer start(
      ServerConfig config, IncidentHealer healer, Consumer<String> log) {
    return start(config, healer, 1, log);
  }

  /**
   * What the server started with {@code config} keeps private: its embedded database's files and
   * password, and its ingest journal. Heals hide them from the code they run.
   */
  public static List<Path> privatePaths(ServerConfig config) {
    List<Path> paths = new ArrayList<>(Database.privateFiles(config.dbUrl()));
    if (config.journalDir().isPresent()) {
      paths.add(config.journalDir().get().toAbsolutePath());
    } else if (!config.dbUrl().toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:h2:mem:")) {
      paths.add(
          JournalLocation.forDatabase(config.dbUrl(), Path.of(System.getProperty("user.home")))
              .dir()
              .toAbsolutePath());
    }
    return List.copyOf(paths);
  }

  /** Like {@link #start(ServerConfig, IncidentHealer, Consumer)}, with concurrent heals. */
  public static KintsugiServer start(
      ServerConfig config, IncidentHealer healer, int healConcurrency, Consumer<String> log) {
    return start(config, healer, healConcurrency, log, List.of());
  }

  /**
   * Like {@link #start(ServerConfig, IncidentHealer, int, Consumer)}, with {@code extensions}
   * started after the server's own routes are registered and closed before the database.
   */
  public static KintsugiServer start(
      ServerConfig config,
      IncidentHealer healer,
      int healConcurrency,
      Consumer<String> log,
      List<ServerExtension> extensions) {
    SecureRandom random = new SecureRandom();
    boolean generated = config.adminToken().isEmpty();
    String token = config.adminToken().orElseGet(() -> newToken(random));
    Database db = Database.open(config.dbUrl());
    ServerMetrics metrics = new ServerMetrics();
    JournalLocation location =
        config
            .journalDir()
            .map(dir -> new JournalLocation(dir, false))
            .orElseGet(
                () ->
                    JournalLocation.forDatabase(
                        config.dbUrl(), Path.of(System.getProperty("user.home"))));
    IngestJournal journal;
    JournalApplier applier;
    try {
      journal =
          IngestJournal.open(
              location.dir(), config.journalFsync(), config.maxBacklogBytes(), SEGMENT_BYTES, log);
    } catch (IOException e) {
      db.close();
      throw new UncheckedIOException("cannot open the ingest journal " + location.dir(), e);
    }
    try {
      applier =
          JournalApplier.start(
              journal,
              new EventWriter(db, metrics.writerListener()),
              config.maxBatchEvents(),
              config.applyLinger(),
              log);
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(journal);
      db.close();
      throw new StoreException("cannot resume the ingest journal " + location.dir(), e);
    }
    Store store = new Store(db, config.clock(), random);
    metrics.gauges(store::openIncidents, applier::backlog);
    ObjectMapper json = new ObjectMapper();
    ProjectKeys keys = new ProjectKeys(store, config.clock());
    IngestHandler ingest =
        new IngestHandler(
            keys,
            new Scrubber(config.scrubRules()),
            new Fingerprinter(),
            journal,
            metrics,
            config.clock(),
            json,
            config.limits(),
            new ProjectQuotas(db)::eventsPerMinute);
    HealRunStore runs = new HealRunStore(db, config.clock());
    HealPolicyStore policies = new HealPolicyStore(db);
    AuditStore audit = new AuditStore(db, config.clock());
    DeliverySettingsStore deliveries = new DeliverySettingsStore(db, config.clock());
    FixWatchStore watches = new FixWatchStore(db, config.clock());
    FixNews news = new FixNews(config.webhooks(), config.clock(), log);
    HealScheduler scheduler =
        healer == null || config.serveOnly()
            ? null
            : HealWork.scheduler(db, store, config, healer, healConcurrency, log, metrics, news);
    metrics.healBudgets(() -> HealBudgetGauges.read(store, policies, runs));
    RestApi api;
    try {
      api =
          new RestApi(
              store,
              runs,
              scheduler == null ? () -> {} : scheduler::wake,
              keys,
              json,
              token,
              config.publicUrl(),
              config.repoRoots(),
              config.clock(),
              watches);
    } catch (RuntimeException e) {
      news.close();
      applier.close();
      closeQuietly(journal);
      db.close();
      throw e;
    }
    BooleanSupplier forgeToken = () -> healer != null && healer.opensPullRequests();
    FixReview review = new FixReview(db, store, healer, news, config.clock(), log);
    Dashboard dashboard =
        new Dashboard(
            new Dashboard.Services(
                store,
                runs,
                audit,
                watches,
                deliveries,
                policies,
                keys,
                db,
                config.clock(),
                scheduler == null ? () -> {} : scheduler::wake,
                config.publicUrl(),
                config.repoRoots(),
                log,
                forgeToken,
                review),
            token);
    Javalin app =
        Javalin.create(
            c -> {
              Dashboard.configure(c);
              c.showJavalinBanner = false;
              c.jsonMapper(new JavalinJackson(json, false));
              c.http.maxRequestSize = 1024 * 1024;
              c.startupWatcherEnabled = false;
            });
    // First before-handler: every later handler, and every error, sees the request's id.
    RequestIds.register(app, log);
    ingest.register(app);
    app.before(
        "/api/v1/*",
        ctx -> {
          if (ctx.method() == HandlerType.GET) {
            applier.awaitAllApplied(READ_YOUR_WRITES);
          }
        });
    api.register(app);
    new HealPolicyApi(store, policies, runs, json, scheduler == null ? () -> {} : scheduler::wake)
        .register(app);
    new AuditApi(audit, store, json).register(app);
    new DeliveryApi(store, deliveries, json, forgeToken).register(app);
    new FixWatchApi(store, runs, watches, news, json, config.clock()).register(app);
    new FixReviewApi(review, runs, json, config.clock()).register(app);
    FaultStore faults = new FaultStore(db, audit, config.clock());
    new CircuitApi(
            store, new CircuitStore(db, audit, config.clock()), faults, keys, json, config.clock())
        .register(app);
    new FaultApi(store, faults, json).register(app);
    dashboard.register(app);
    List<ServerExtension> started = new ArrayList<>();
    try {
      var context =
          new ServerExtension.Context(
              db,
              store,
              audit,
              json,
              config.clock(),
              log,
              config.webhooks(),
              dashboard::runtimeApprovals);
      context = context.withNodeId(config.node());
      if (config.serveOnly()) {
        context = context.serveOnly();
      }
      for (ServerExtension extension : extensions) {
        extension.start(app, context);
        started.add(extension);
      }
      app.get(
          "/healthz",
          ctx -> {
            String problem =
                !db.writable()
                    ? "storage not writable"
                    : applier.failure().isPresent() ? "ingest journal applier stopped" : null;
            ctx.status(problem == null ? 200 : 503)
                .json(Map.of("status", problem == null ? "ok" : problem));
          });
      app.get(
          "/metrics",
          ctx ->
              ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      started.forEach(ServerExtension::close);
      dashboard.close();
      news.close();
      applier.close();
      closeQuietly(journal);
      db.close();
      throw e;
    }
    if (scheduler != null) {
      scheduler.start();
    }
    return new KintsugiServer(
        app,
        db,
        journal,
        location,
        applier,
        store,
        scheduler,
        news,
        dashboard,
        token,
        generated,
        List.copyOf(started));
  }

  /** The port listened on (the chosen one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** The REST API's bearer token. */
  public String adminToken() {
    return adminToken;
  }

  /** Whether {@link #adminToken} was generated at start (and should be shown once). */
  public boolean generatedAdminToken() {
    return generatedToken;
  }

  /** The store, for embedding and tests. */
  public Store store() {
    return store;
  }

  /**
   * Waits until every event acknowledged so far is in the database (reads through {@link #store}
   * see it then).
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitIngested(Duration timeout) throws InterruptedException {
    return applier.awaitAllApplied(timeout);
  }

  /** Where the ingest journal lives. */
  public Path journalDir() {
    return journalLocation.dir();
  }

  /** Where data lives, without credentials. */
  public String database() {
    return db.describe();
  }

  /** Stops accepting requests, applies the journaled events, closes the database. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    app.stop();
    extensions.forEach(ServerExtension::close);
    dashboard.close();
    news.close();
    applier.close();
    closeQuietly(journal);
    db.close();
    if (journalLocation.temporary()) {
      deleteTree(journalLocation.dir());
    }
  }

  private static void closeQuietly(IngestJournal journal) {
    try {
      journal.close();
    } catch (IOException e) {
      // closing releases the lock; the records are already written
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the OS cleans it eventually
    }
  }

  /** Size at which the ingest journal starts a new segment file. */
  private static final long SEGMENT_BYTES = 64L * 1024 * 1024;

  private static String newToken(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
