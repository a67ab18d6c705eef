package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.RuntimeExtension;
import dev.kintsugi.server.KintsugiWorker;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.ServerExtension;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kintsugi worker}: heals (and runs runbooks) from a shared PostgreSQL, no HTTP API. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Heal incidents and run runbooks from a PostgreSQL that `kintsugi server` nodes fill: no"
          + " ingest, REST API or dashboard. Start as many as heals need; each heal run is"
          + " claimed by one worker under a lease, and a dead worker's run is taken over by"
          + " another.",
      "Projects set to deliver pull requests use the forge token in KINTSUGI_FORGE_TOKEN;"
          + " KINTSUGI_NOTIFY gets the heals' news, as for the server."
    })
final class WorkerCommand implements Callable<Integer> {

  @Option(
      names = "--db",
      paramLabel = "URL",
      description = "The shared database: jdbc:postgresql://... (default: $KINTSUGI_DB_URL).")
  String db;

  @Option(
      names = "--node-id",
      paramLabel = "ID",
      description =
          "This worker's name in the cluster (heal leases, metrics; default: host name and"
              + " process id).")
  String nodeId;

  @Option(
      names = "--metrics-port",
      paramLabel = "P",
      description =
          "Serve GET /healthz and GET /metrics (Prometheus) on this port, for probes and"
              + " scrapers (default: no port).")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      defaultValue = "0.0.0.0",
      description = "Interface of the metrics port (default: ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(
      names = "--runtime",
      paramLabel = "FILE",
      description =
          "Runtime remediation: scrape, check, detect and act with the runbooks of this YAML file"
              + " (see the README's runtime section).")
  Path runtime;

  @Mixin HealingOptions healing = new HealingOptions();

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig.Builder config = ServerConfig.builder();
    int concurrency;
    try {
      String url =
          DatabaseUrl.of(db, System.getenv())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "a worker needs the servers' database: --db jdbc:postgresql://... or "
                              + DatabaseUrl.ENV));
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "a worker shares the servers' PostgreSQL; the embedded H2 belongs to one process"
                + " (run `kintsugi server`, which heals too)");
      }
      config.dbUrl(url);
      if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
        throw new IllegalArgumentException("--metrics-port must be 0-65535, was " + metricsPort);
      }
      concurrency = healing.concurrency();
      healing.applyNode(config, nodeId);
    } catch (IllegalArgumentException e) {
      System.err.println("kintsugi: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    LlmConfig llm;
    ServerConfig built;
    try {
      llm = LlmConfig.fromEnvironment(System.getenv());
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
    var healer = healing.healer(llm, System.out, List.of());
    if (healer == null && extensions.isEmpty()) {
      System.err.println("kintsugi: this worker would do nothing (no sandbox, no --runtime)");
      return ExitCode.BAD_INPUT;
    }
    KintsugiWorker worker =
        KintsugiWorker.start(
            built,
            healer,
            concurrency,
            line -> {
              System.out.println("kintsugi: " + line);
              System.out.flush();
            },
            extensions,
            Optional.ofNullable(metricsPort).map(p -> new InetSocketAddress(metricsHost, p)));
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "kintsugi-shutdown"));
    System.out.println("kintsugi: storage " + worker.database());
    worker
        .metricsPort()
        .ifPresent(p -> System.out.println("kintsugi: /healthz and /metrics on port " + p));
    System.out.println(
        "kintsugi worker running"
            + (healer != null ? ", healing up to " + concurrency + " at once" : "")
            + (extensions.isEmpty() ? "" : ", runbooks of " + runtime));
    System.out.flush();
    new CountDownLatch(1).await();
    return ExitCode.SUCCESS;
  }
}
