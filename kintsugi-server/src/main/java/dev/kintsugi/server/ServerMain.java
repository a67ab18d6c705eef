package dev.kintsugi.server;

import dev.kintsugi.core.incident.IncidentHealer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the server from a plain {@code java} command: {@code ServerMain [--port P] [--db URL]
 * [--host H] [--journal DIR] [--journal-fsync] [--events-per-minute N] [--repo-root DIR]...}.
 * Prints {@code kintsugi server listening on http://HOST:PORT} once ready. The {@code kintsugi
 * server} command is the user-facing way; this entry point serves tests and benchmarks that start
 * the server as a child process.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServerConfig.Builder config = ServerConfig.builder();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> config.port(Integer.parseInt(required(args[i], value)));
        case "--db" -> config.dbUrl(required(args[i], value));
        case "--host" -> config.host(required(args[i], value));
        case "--journal" -> config.journalDir(Path.of(required(args[i], value)));
        case "--events-per-minute" ->
            config.limits(
                dev.kintsugi.server.ingest.Limits.sentry()
                    .withEventsPerMinute(Integer.parseInt(required(args[i], value))));
        case "--repo-root" -> config.repoRoot(Path.of(required(args[i], value)));
        case "--journal-fsync" -> {
          config.journalFsync(true);
          i--; // takes no value
        }
        default -> {
          System.err.println("kintsugi: unknown option " + args[i]);
          System.exit(2);
        }
      }
      i++;
    }
    run(config.build());
  }

  /** Starts the server, prints how to reach it, and blocks until the JVM is stopped. */
  public static void run(ServerConfig config) throws InterruptedException {
    run(config, null);
  }

  /**
   * Starts the server healing incidents with {@code healer} (none when null), prints how to reach
   * it and what the healer does, and blocks until the JVM is stopped.
   */
  public static void run(ServerConfig config, IncidentHealer healer) throws InterruptedException {
    run(config, healer, 1);
  }

  /**
   * As {@link #run(ServerConfig, IncidentHealer)}, healing up to {@code healConcurrency} at once.
   */
  public static void run(ServerConfig config, IncidentHealer healer, int healConcurrency)
      throws InterruptedException {
    run(config, healer, healConcurrency, List.of());
  }

  /** As {@link #run(ServerConfig, IncidentHealer, int)}, with {@code extensions} in the server. */
  public static void run(
      ServerConfig config,
      IncidentHealer healer,
      int healConcurrency,
      List<ServerExtension> extensions)
      throws InterruptedException {
    KintsugiServer server =
        KintsugiServer.start(
            config,
            healer,
            healConcurrency,
            line -> {
              System.out.println("kintsugi: " + line);
              System.out.flush();
            },
            extensions);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kintsugi-shutdown"));
    if (server.generatedAdminToken()) {
      System.out.println("kintsugi: admin token (shown once): " + server.adminToken());
    }
    System.out.println("kintsugi: storage " + server.database());
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    System.out.println("kintsugi server listening on http://" + host + ":" + server.port());
    System.out.println(
        "kintsugi: dashboard at http://"
            + host
            + ":"
            + server.port()
            + "/ (sign in with the admin token"
            + (server.generatedAdminToken() ? " above)" : ", KINTSUGI_ADMIN_TOKEN)"));
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static String required(String option, String value) {
    if (value == null) {
      System.err.println("kintsugi: " + option + " needs a value");
      System.exit(2);
    }
    return value;
  }
}
