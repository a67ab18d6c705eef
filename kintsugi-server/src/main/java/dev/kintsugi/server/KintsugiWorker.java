package dev.kintsugi.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.server.heal.FixNews;
import dev.kintsugi.server.heal.HealScheduler;
import dev.kintsugi.server.metrics.ServerMetrics;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A heal worker: heals incidents (and runs the extensions' background work, the runtime module's
 * runbooks) over a shared database, without ingest, REST API or dashboard. Several workers and
 * servers may share one PostgreSQL: runs are claimed there under leases, so each is healed once and
 * a dead worker's run is taken over by another.
 *
 * <p>Optionally serves {@code GET /healthz} and {@code GET /metrics} on a port of its own, for the
 * probes and scrapers of whatever runs it (no other route: nothing there takes input).
 */
public final class KintsugiWorker implements AutoCloseable {

  private final Database db;
  private final HealScheduler scheduler;
  private final FixNews news;
  private final List<ServerExtension> extensions;
  private final Javalin metricsApp;

  private KintsugiWorker(
      Database db,
      HealScheduler scheduler,
      FixNews news,
      List<ServerExtension> extensions,
      Javalin metricsApp) {
    this.db = db;
    this.scheduler = scheduler;
    this.news = news;
    this.extensions = extensions;
    this.metricsApp = metricsApp;
  }

  /**
   * Opens (and migrates) the database, starts the extensions' background work, serves {@code
   * metrics} when given, then starts healing.
   *
   * @param config the database, clock and webhooks (ingest settings are not used)
   * @param healer heals incidents; null for a worker that only runs the extensions' work
   * @param metrics where to serve {@code /healthz} and {@code /metrics}; empty: nowhere
   */
  public static KintsugiWorker start(
      ServerConfig config,
      IncidentHealer healer,
      int healConcurrency,
      Consumer<String> log,
      List<ServerExtension> extensions,
      Optional<InetSocketAddress> metrics) {
    Objects.requireNonNull(metrics, "metrics");
    Database db = Database.open(config.dbUrl());
    Store store = new Store(db, config.clock(), new SecureRandom());
    ServerMetrics meters = new ServerMetrics();
    FixNews news = new FixNews(config.webhooks(), config.clock(), log);
    HealScheduler scheduler =
        healer == null
            ? null
            : HealWork.scheduler(db, store, config, healer, healConcurrency, log, meters, news);
    List<ServerExtension> started = new ArrayList<>();
    Javalin app = null;
    try {
      ServerExtension.Context context =
          new ServerExtension.Context(
                  db,
                  store,
                  new AuditStore(db, config.clock()),
                  new ObjectMapper(),
                  config.clock(),
                  log,
                  config.webhooks())
              .withNodeId(config.node());
      for (ServerExtension extension : extensions) {
        extension.startWork(context);
        started.add(extension);
      }
      if (metrics.isPresent()) {
        app = metricsApp(db, meters, metrics.get());
      }
    } catch (RuntimeException e) {
      started.forEach(ServerExtension::close);
      news.close();
      db.close();
      throw e;
    }
    if (scheduler != null) {
      scheduler.start();
    }
    return new KintsugiWorker(db, scheduler, news, List.copyOf(started), app);
  }

  private static Javalin metricsApp(Database db, ServerMetrics meters, InetSocketAddress at) {
    Javalin app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.startupWatcherEnabled = false;
            });
    app.get(
        "/healthz",
        ctx -> {
          boolean ok = db.writable();
          ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ok" : "storage not writable"));
        });
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
    return app.start(at.getHostString(), at.getPort());
  }

  /** The port {@code /healthz} and {@code /metrics} are served on, if any. */
  public Optional<Integer> metricsPort() {
    return Optional.ofNullable(metricsApp).map(Javalin::port);
  }

  /** Where data lives, without credentials. */
  public String database() {
    return db.describe();
  }

  /**
   * Stops healing (a heal in progress is left to be taken up again), the extensions' work and the
   * metrics port, then closes the database.
   */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    if (metricsApp != null) {
      metricsApp.stop();
    }
    extensions.forEach(ServerExtension::close);
    news.close();
    db.close();
  }
}
