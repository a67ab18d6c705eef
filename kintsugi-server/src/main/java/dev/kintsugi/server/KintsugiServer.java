package dev.kintsugi.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.api.RestApi;
import dev.kintsugi.server.group.Fingerprinter;
import dev.kintsugi.server.ingest.IngestHandler;
import dev.kintsugi.server.ingest.ProjectKeys;
import dev.kintsugi.server.metrics.ServerMetrics;
import dev.kintsugi.server.scrub.Scrubber;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The Kintsugi server: Sentry-compatible ingest, incident grouping, the REST API, {@code /healthz}
 * and {@code /metrics}, over one JDBC database. Start with {@link #start}, stop with {@link #close}
 * (queued events are committed first).
 *
 * <p>Stable API: {@link #start}, {@link #port}, {@link #adminToken}, {@link #store}, {@link
 * #close}.
 */
public final class KintsugiServer implements AutoCloseable {

  private final Javalin app;
  private final Database db;
  private final EventWriter writer;
  private final Store store;
  private final String adminToken;
  private final boolean generatedToken;

  private KintsugiServer(
      Javalin app,
      Database db,
      EventWriter writer,
      Store store,
      String adminToken,
      boolean generatedToken) {
    this.app = app;
    this.db = db;
    this.writer = writer;
    this.store = store;
    this.adminToken = adminToken;
    this.generatedToken = generatedToken;
  }

  /** Opens (and migrates) the database and starts listening. */
  public static KintsugiServer start(ServerConfig config) {
    SecureRandom random = new SecureRandom();
    boolean generated = config.adminToken().isEmpty();
    String token = config.adminToken().orElseGet(() -> newToken(random));
    Database db = Database.open(config.dbUrl());
    ServerMetrics metrics = new ServerMetrics();
    EventWriter writer =
        EventWriter.start(
            db,
            config.queueCapacity(),
            config.maxBatchEvents(),
            (events, nanos) -> metrics.committed(events));
    Store store = new Store(db, config.clock(), random);
    metrics.gauges(store::openIncidents, writer::pending);
    ObjectMapper json = new ObjectMapper();
    ProjectKeys keys = new ProjectKeys(store, config.clock());
    IngestHandler ingest =
        new IngestHandler(
            keys,
            new Scrubber(config.scrubRules()),
            new Fingerprinter(),
            writer,
            metrics,
            config.clock(),
            json,
            config.limits());
    RestApi api = new RestApi(store, keys, json, token, config.publicUrl());
    Javalin app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.jsonMapper(new JavalinJackson(json, false));
              c.http.maxRequestSize = 1024 * 1024;
              c.startupWatcherEnabled = false;
            });
    ingest.register(app);
    api.register(app);
    app.get(
        "/healthz",
        ctx -> {
          boolean ok = db.writable();
          ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ok" : "storage not writable"));
        });
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    try {
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      writer.close();
      db.close();
      throw e;
    }
    return new KintsugiServer(app, db, writer, store, token, generated);
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

  /** Where data lives, without credentials. */
  public String database() {
    return db.describe();
  }

  /** Stops accepting requests, commits queued events, closes the database. */
  @Override
  public void close() {
    app.stop();
    writer.close();
    db.close();
  }

  private static String newToken(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
