package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.production.ProductionHealer;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.RuntimeExtension;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.ServerMain;
import dev.kintsugi.server.ingest.Limits;
import dev.kintsugi.server.scrub.ScrubRules;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kintsugi server}: Sentry-compatible ingest, incidents, REST API and metrics. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the ingest and REST server: point any Sentry SDK at a project's DSN; errors are "
          + "scrubbed, grouped into incidents and served at /api/v1 (bearer token "
          + "KINTSUGI_ADMIN_TOKEN, or a generated one printed once), /healthz and /metrics.",
      "Projects set to deliver pull requests (PUT /api/v1/projects/{id}/delivery) use the forge "
          + "token in KINTSUGI_FORGE_TOKEN; KINTSUGI_NOTIFY (comma-separated slack:URL, "
          + "generic:URL or URL) gets fix proposed, approval needed, merged and regressed."
    })
final class ServerCommand implements Callable<Integer> {

  private static final Path KINTSUGI_HOME = Path.of(System.getProperty("user.home"), ".kintsugi");

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "8700",
      description = "TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "0.0.0.0",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description = "JDBC URL: jdbc:postgresql://... (default: an H2 file under ~/.kintsugi/).")
  String db;

  @Option(
      names = "--journal",
      paramLabel = "DIR",
      description =
          "Ingest journal: events are acknowledged once written here and applied to the database "
              + "within milliseconds (default: next to the H2 file; under ~/.kintsugi/journal/ "
              + "for PostgreSQL). One server per directory.")
  Path journal;

  @Option(
      names = "--journal-fsync",
      description =
          "Also force each acknowledged event to the disk (survives a power loss, not only a "
              + "crash of the server; slower).")
  boolean journalFsync;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "Base URL written into DSNs (default: the Host of each request).")
  String publicUrl;

  @Option(
      names = "--scrub-pattern",
      paramLabel = "REGEX",
      description = "Extra pattern scrubbed from every string of every event (repeatable).")
  List<String> scrubPatterns = new ArrayList<>();

  @Option(
      names = "--repo-root",
      paramLabel = "DIR",
      description =
          "Projects may register local repositories under DIR (repeatable; default: none, only "
              + "https://, ssh:// and user@host:path git URLs).")
  List<Path> repoRoots = new ArrayList<>();

  @Option(
      names = "--events-per-minute",
      paramLabel = "N",
      defaultValue = "60000",
      description =
          "Events each project may send per minute; more are answered 429 with Retry-After and"
              + " X-Sentry-Rate-Limits (default: ${DEFAULT-VALUE}; a project's own"
              + " events_per_minute replaces it).")
  int eventsPerMinute;

  @Option(
      names = "--no-heal",
      description =
          "Only collect and group errors; never heal incidents (default: heal the incidents of "
              + "projects with a repository, as each project's autoHeal policy says).")
  boolean noHeal;

  @Option(
      names = "--allow-unconfined-heals",
      description =
          "Where bubblewrap is missing, heal anyway with builds and tests UNCONFINED (the"
              + " project's code then runs with this user's rights). Without it the server"
              + " refuses auto-heal there and only collects and groups errors.")
  boolean allowUnconfinedHeals;

  @Option(
      names = "--heal-timeout",
      paramLabel = "SECONDS",
      defaultValue = "900",
      description = "Time budget of each production heal (default: ${DEFAULT-VALUE}).")
  long healTimeoutSeconds;

  @Option(
      names = "--heal-concurrency",
      paramLabel = "N",
      description =
          "Incidents healed at once (default: two per core). Heals of one release share its"
              + " preparation and confirm their fixes in shared builds.")
  Integer healConcurrency;

  @Option(
      names = "--releases",
      paramLabel = "DIR",
      description =
          "Where releases are prepared: each commit is built and its tests run once, and every"
              + " incident of it heals from there (default: ~/.kintsugi/releases).")
  Path releases;

  @Option(
      names = "--runtime",
      paramLabel = "FILE",
      description =
          "Runtime remediation: scrape Prometheus endpoints, run health checks, take"
              + " Alertmanager alerts, detect anomalies and act with the runbooks of this YAML"
              + " file (see the README's runtime section).")
  Path runtime;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      System.err.println("kintsugi: --port must be 0-65535, was " + port);
      return ExitCode.BAD_INPUT;
    }
    ServerConfig.Builder config = ServerConfig.builder().host(host).port(port);
    if (db != null) {
      if (!db.startsWith("jdbc:postgresql:") && !db.startsWith("jdbc:h2:")) {
        System.err.println(
            "kintsugi: --db must be jdbc:postgresql://... or jdbc:h2:..., was " + db);
        return ExitCode.BAD_INPUT;
      }
      config.dbUrl(db);
    }
    if (publicUrl != null) {
      config.publicUrl(publicUrl);
    }
    if (journal != null) {
      config.journalDir(journal);
    }
    config.journalFsync(journalFsync);
    for (Path root : repoRoots) {
      if (!Files.isDirectory(root)) {
        System.err.println("kintsugi: --repo-root must be an existing directory, was " + root);
        return ExitCode.BAD_INPUT;
      }
      config.repoRoot(root);
    }
    try {
      config.limits(Limits.sentry().withEventsPerMinute(eventsPerMinute));
    } catch (IllegalArgumentException e) {
      System.err.println("kintsugi: --events-per-minute: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    try {
      config.scrubRules(ScrubRules.withValuePatterns(scrubPatterns));
    } catch (IllegalArgumentException e) {
      System.err.println("kintsugi: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    int concurrency = healConcurrency != null ? healConcurrency : defaultHealConcurrency();
    if (concurrency < 1) {
      System.err.println("kintsugi: --heal-concurrency must be >= 1, was " + concurrency);
      return ExitCode.BAD_INPUT;
    }
    if (healTimeoutSeconds < 1) {
      System.err.println("kintsugi: --heal-timeout must be positive, was " + healTimeoutSeconds);
      return ExitCode.BAD_INPUT;
    }
    LlmConfig llm;
    try {
      llm = LlmConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("kintsugi: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    ServerConfig built;
    try {
      built = config.build(); // reads KINTSUGI_NOTIFY
    } catch (IllegalArgumentException e) {
      System.err.println("kintsugi: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    List<ServerExtension> extensions = new ArrayList<>();
    if (runtime != null) {
      try {
        extensions.add(RuntimeExtension.read(runtime));
      } catch (RuntimeConfigException e) {
        System.err.println("kintsugi: " + runtime + ": " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
    }
    ServerMain.run(
        built,
        healer(llm, System.out, KintsugiServer.privatePaths(built)),
        concurrency,
        extensions);
    return ExitCode.SUCCESS;
  }

  /**
   * What every production heal starts from; the server's database, password and journal are hidden
   * from the code heals run (they are readable to this user, and events choose what runs). The
   * forge token is read here, once, from {@code KINTSUGI_FORGE_TOKEN}: projects delivering pull
   * requests use it; it is never stored, logged or shown.
   */
  HealOptions healOptions(LlmConfig llm, List<Path> serverFiles) {
    HealOptions defaults = HealOptions.defaults(Path.of("."));
    HealOptions options =
        defaults
            .withTimeout(Duration.ofSeconds(healTimeoutSeconds))
            .withLlm(llm)
            .withReleases(
                new Releases(releases != null ? releases : KINTSUGI_HOME.resolve("releases")))
            .withDelivery(defaults.delivery().withToken(ForgeToken.fromEnvironment()));
    return options.withSandbox(options.sandbox().withHidden(serverFiles.toArray(Path[]::new)));
  }

  /**
   * Two heals per core: a heal waits much of its time on a worker, a build or a shared confirm
   * build, and heals of one release share their preparation.
   */
  static int defaultHealConcurrency() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  /**
   * The production healer, or null for none: with {@code --no-heal}, or when bubblewrap is missing
   * and unconfined heals were not allowed (said on {@code out} at start, with how to fix it).
   */
  ProductionHealer healer(LlmConfig llm, PrintStream out, List<Path> serverFiles) {
    if (noHeal) {
      return null;
    }
    HealOptions options = healOptions(llm, serverFiles);
    Sandbox.Detection sandbox = Sandbox.detect();
    if (!sandbox.available()) {
      if (!allowUnconfinedHeals) {
        out.println(
            "kintsugi: auto-heal is OFF: "
                + sandbox.message()
                + ". Heals build and test code chosen by incoming events and must run"
                + " sandboxed; errors are still collected and grouped. Install bubblewrap and"
                + " restart, or pass --allow-unconfined-heals to heal without the sandbox.");
        return null;
      }
      out.println(
          "kintsugi: WARNING: heals run UNCONFINED (--allow-unconfined-heals): "
              + sandbox.message());
      options = options.unconfined();
    }
    return new ProductionHealer(
        options, KINTSUGI_HOME.resolve("repos"), Progress.silent(), Clock.systemUTC());
  }
}
