package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.RuntimeExtension;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.ServerMain;
import dev.kintsugi.server.ingest.Limits;
import dev.kintsugi.server.scrub.ScrubRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      description =
          "JDBC URL: jdbc:postgresql://... (default: $KINTSUGI_DB_URL, else an H2 file under"
              + " ~/.kintsugi/).")
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
      names = "--serve-only",
      description =
          "Ingest, REST API and dashboard only: no heals, no runtime scraping or runbooks; those"
              + " are left to `kintsugi worker` processes on the same PostgreSQL.")
  boolean serveOnly;

  @Option(
      names = "--node-id",
      paramLabel = "ID",
      description =
          "This node's name in a cluster sharing one PostgreSQL (heal leases, metrics; default:"
              + " host name and process id).")
  String nodeId;

  @Mixin HealingOptions healing = new HealingOptions();

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
    ServerConfig.Builder config = ServerConfig.builder().host(host).port(port).serveOnly(serveOnly);
    int concurrency;
    try {
      DatabaseUrl.of(db, System.getenv()).ifPresent(config::dbUrl);
      concurrency = healing.concurrency();
      healing.applyNode(config, nodeId);
    } catch (IllegalArgumentException e) {
      System.err.println("kintsugi: " + e.getMessage());
      return ExitCode.BAD_INPUT;
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
        noHeal || serveOnly
            ? null
            : healing.healer(llm, System.out, KintsugiServer.privatePaths(built)),
        concurrency,
        extensions);
    return ExitCode.SUCCESS;
  }
}
