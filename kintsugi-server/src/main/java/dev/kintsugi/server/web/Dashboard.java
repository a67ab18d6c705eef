package dev.kintsugi.server.web;

import dev.kintsugi.server.RuntimeApprovals;
import dev.kintsugi.server.api.AdminAuth;
import dev.kintsugi.server.heal.FixReview;
import dev.kintsugi.server.ingest.ProjectKeys;
import dev.kintsugi.server.store.ActivityStamp;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.IncidentSearch;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The web dashboard, served by {@code kintsugi server} at {@code /}: incidents live, one incident's
 * evidence and its heals, projects, an overview. Server-rendered JTE templates, htmx for partial
 * updates and the live stream, assets from WebJars (no network needed). Signed in with the admin
 * token ({@code /login}); see {@link WebAuth} for sessions, CSRF and the Content-Security-Policy.
 *
 * <p>Stable API: {@link #configure}, the constructor, {@link #register}, {@link #runtimeApprovals},
 * {@link #close}.
 */
public final class Dashboard implements AutoCloseable {

  /** How often the live stream looks for changes while someone watches. */
  static final Duration FEED_EVERY = Duration.ofMillis(500);

  /**
   * What the dashboard reads and acts on: the server's stores and services.
   *
   * @param wakeHealer tells the heal scheduler there is work (after "heal again")
   * @param publicUrl the base URL put in DSNs, as the REST API uses it
   * @param repoRoots where projects may register local repositories
   * @param log where the dashboard reports its own trouble
   * @param forgeToken whether the healer holds a forge token (fixes can become pull requests)
   * @param review carries out people's verdicts on fixes (approve, reject)
   */
  public record Services(
      Store store,
      HealRunStore runs,
      AuditStore audit,
      FixWatchStore watches,
      DeliverySettingsStore deliveries,
      HealPolicyStore policies,
      ProjectKeys keys,
      Database db,
      Clock clock,
      Runnable wakeHealer,
      Optional<String> publicUrl,
      List<Path> repoRoots,
      Consumer<String> log,
      BooleanSupplier forgeToken,
      FixReview review) {}

  private final Services services;
  private final Templates templates = new Templates();
  private final Sessions sessions;
  private final WebAuth auth;
  private final SignIn signIn;
  private final ChangeFeed feed;
  private final AtomicReference<RuntimeApprovals> approvals = new AtomicReference<>();

  public Dashboard(Services services, String adminToken) {
    this.services = services;
    this.sessions = new Sessions(services.clock());
    this.auth = new WebAuth(sessions);
    this.signIn =
        new SignIn(
            new AdminAuth(adminToken),
            sessions,
            templates,
            services.publicUrl().filter(u -> u.startsWith("https://")).isPresent());
    this.feed = new ChangeFeed(new ActivityStamp(services.db()), FEED_EVERY, services.log());
  }

  /** Serves the dashboard's own assets ({@code /static}) and the WebJars ({@code /webjars}). */
  public static void configure(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/static";
          files.directory = "/web/static";
          files.location = Location.CLASSPATH;
          files.headers =
              Map.of("Cache-Control", "max-age=300", "X-Content-Type-Options", "nosniff");
        });
    config.staticFiles.enableWebjars();
  }

  public void register(Javalin app) {
    app.before(auth::before);
    app.exception(
        WebError.class,
        (e, ctx) -> {
          ctx.status(e.status());
          if (ctx.header("HX-Request") != null) {
            ctx.contentType("text/plain; charset=utf-8").result(e.getMessage());
          } else {
            templates.render(ctx, "error.jte", new SignIn.Form(e.getMessage()));
          }
        });
    signIn.register(app);
    app.sse("/ui/stream", feed::accept);
    new IncidentsPage(
            services.store(),
            new IncidentSearch(services.db(), services.clock()),
            templates,
            services.clock())
        .register(app);
    new ProjectsPage(services, templates, feed::changed).register(app);
    RuntimePage runtime =
        new RuntimePage(
            services, () -> Optional.ofNullable(approvals.get()), templates, feed::changed);
    runtime.register(app);
    new ProjectPage(services, templates, feed::changed).register(app);
    new OverviewPage(services, templates).register(app);
    new IncidentPage(services, runtime, templates, feed::changed).register(app);
  }

  /**
   * Who carries out people's decisions on runbook runs (the runtime extension, when the server runs
   * one); until one is given, runs are shown read-only.
   */
  public void runtimeApprovals(RuntimeApprovals approvals) {
    this.approvals.set(Objects.requireNonNull(approvals, "approvals"));
  }

  @Override
  public void close() {
    feed.close();
  }

  static WebError notFound(String what) {
    return new WebError(HttpStatus.NOT_FOUND, what);
  }
}
