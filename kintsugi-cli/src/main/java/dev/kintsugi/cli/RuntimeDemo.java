package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.RuntimeExtension;
import dev.kintsugi.runtime.action.LocalProcesses;
import dev.kintsugi.runtime.chaos.ChaosRunner;
import dev.kintsugi.runtime.chaos.Experiments;
import dev.kintsugi.runtime.chaos.Journal;
import dev.kintsugi.runtime.rollout.LocalRollout;
import dev.kintsugi.runtime.rollout.RolloutConfig;
import dev.kintsugi.runtime.rollout.RolloutReport;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runtime remediation on the bundled sample service, proved: a server on an embedded H2 database
 * with a runtime configuration (a health check on the shop, a runbook that restarts it), the shop
 * as a real process, then a chaos experiment that freezes it — Kintsugi detects, restarts, verifies
 * and the experiment measures the time to detect and to recover — and a bad fix sent out as a
 * canary behind a weighted proxy, judged on its errors and rolled back by itself.
 *
 * <p>Every file it runs from (runtime.yml, chaos.yml, rollout.yml) is written to the work
 * directory, so what the demo did can be read and run again by hand.
 */
final class RuntimeDemo {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The release the bad fix's agent reports: the incidents it raises are looked up by it. */
  static final String CANARY_RELEASE = "1.1-new-pricing";

  private static final String QUOTE = "{\"items\":[{\"sku\":\"MUG-01\",\"quantity\":1}]}";

  /** What to run. */
  record Options(Path example, Path workDir) {}

  /**
   * How it went.
   *
   * @param journal the chaos experiment's journal
   * @param mttrSeconds the server's mean time to recovery over the runbook's runs (detection →
   *     verified recovery), null without a recovered run
   * @param rollout the canary's report: its steps, verdicts and decision time
   */
  record Result(Journal journal, Double mttrSeconds, RolloutReport rollout, Path work) {
    /** The shop recovered from the chaos and the bad canary was rolled back. */
    boolean ok() {
      return !journal.deviated()
          && journal.hypothesisHeld().orElse(false)
          && rollout != null
          && !rollout.promoted();
    }
  }

  private final Options options;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  RuntimeDemo(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  Result run() throws IOException, InterruptedException {
    Path work = Files.createDirectories(options.workDir()).toAbsolutePath();
    Path source = work.resolve("shop-service");
    Demo.copyTree(options.example(), source);
    say("setup", "building the sample service in " + source);
    Path jar = SampleService.build(source, work.resolve("build.log"));

    int shopPort = freePort();
    Path pidFile = work.resolve("shop.pid");
    Path flags = work.resolve("flags.json");
    writeFlags(flags, "off");
    List<String> shopCommand =
        List.of(
            javaBinary(),
            "-jar",
            jar.toString(),
            "--port",
            String.valueOf(shopPort),
            "--pid-file",
            pidFile.toString(),
            "--flags",
            flags.toString());
    String shopUrl = "http://127.0.0.1:" + shopPort;
    Path runtimeYml = writeRuntimeConfig(work, shopUrl, pidFile, shopCommand);

    RuntimeExtension runtime;
    try {
      runtime = RuntimeExtension.read(runtimeYml);
    } catch (RuntimeConfigException e) {
      throw new IOException(runtimeYml + ": " + e.getMessage(), e);
    }
    ServerConfig config =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dbUrl("jdbc:h2:file:" + work.resolve("db/kintsugi"))
            .build();
    // The shop first: the health check starts with the server, and a shop not up yet would be
    // restarted by the runbook.
    Process shop =
        LocalProcesses.start(
            new LocalProcesses.Launch(
                shopCommand, Optional.empty(), Map.of(), Optional.of(work.resolve("shop.log"))),
            System.getenv());
    try {
      Optional<String> notReady =
          LocalProcesses.awaitReady(
              shop,
              Optional.of(URI.create(shopUrl + "/health")),
              Duration.ofSeconds(60),
              Duration.ZERO,
              java.time.Clock.systemUTC());
      if (notReady.isPresent()) {
        throw new IOException("the shop did not start: " + notReady.get());
      }
      say("service", "the shop answers at " + shopUrl + " (pid " + shop.pid() + ")");
      try (KintsugiServer server =
          KintsugiServer.start(config, null, 1, line -> say("server", line), List.of(runtime))) {
        String base = "http://127.0.0.1:" + server.port();
        ApiClient api = new ApiClient(base, server.adminToken());
        String dsn = api.post("/api/v1/projects", Map.of("name", "shop")).path("dsn").asText();
        say("server", "listening on " + base + " with " + runtimeYml.getFileName());

        Journal journal = chaos(work, base, server.adminToken(), shopUrl, pidFile);
        Double mttr = mttr(api);
        RolloutReport rollout = canary(work, jar, shopUrl, base, server.adminToken(), dsn);
        return new Result(journal, mttr, rollout, work);
      }
    } finally {
      stopShop(shop, pidFile);
    }
  }

  /** The chaos experiment: freeze the shop, let the runbook bring it back, measure. */
  private Journal chaos(Path work, String server, String token, String shopUrl, Path pidFile)
      throws IOException {
    Path file = work.resolve("chaos.yml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "version: 1.0.0",
            "title: The shop recovers by itself when its process freezes",
            "description: SIGSTOP freezes the shop; Kintsugi's health check fails, its runbook"
                + " restarts the shop.",
            "configuration:",
            "  kintsugi_url: " + server,
            "  kintsugi_token: { type: env, key: KINTSUGI_TOKEN }",
            "steady-state-hypothesis:",
            "  title: The shop answers its health check",
            "  probes:",
            "    - type: probe",
            "      name: shop-is-healthy",
            "      tolerance: 200",
            "      provider: { type: http, url: " + shopUrl + "/health, timeout: 2 }",
            "method:",
            "  - type: action",
            "    name: freeze-the-shop",
            "    provider:",
            "      type: python",
            "      module: chaoskintsugi.process.actions",
            "      func: pause_process",
            "      arguments: { pid_file: " + quoted(pidFile) + " }",
            "    pauses: { after: 1 }",
            "rollbacks:",
            "  - type: action",
            "    name: thaw-the-shop",
            "    provider:",
            "      type: python",
            "      module: chaoskintsugi.process.actions",
            "      func: resume_process",
            "      arguments: { pid_file: " + quoted(pidFile) + " }",
            "extensions:",
            "  - name: kintsugi",
            "    project: shop",
            "    recovery: { within: 60s, every: 500ms }",
            ""));
    say("chaos", "running " + file.getFileName() + ": freeze the shop's process (SIGSTOP)");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("KINTSUGI_TOKEN", token);
    Journal journal;
    try {
      journal =
          new ChaosRunner(java.time.Clock.systemUTC(), env, line -> say("chaos", line))
              .run(Experiments.read(file, Map.of(), env));
    } catch (RuntimeConfigException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    Path journalFile = work.resolve("chaos-journal.json");
    journal.write(journalFile);
    say(
        "chaos",
        String.format(
            Locale.ROOT,
            "%s: time to detect %s, time to recover %s (journal: %s)",
            journal.hypothesisHeld().orElse(false)
                ? "the steady state held again"
                : "the steady state did NOT come back",
            seconds(journal.timeToDetect()),
            seconds(journal.timeToRecover()),
            journalFile));
    return journal;
  }

  private Double mttr(ApiClient api) throws IOException, InterruptedException {
    // The experiment sees the shop answer again before the runbook has verified it (its health
    // check wants two successes in a row): wait for the runs to end.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline
        && !allEnded(api.get("/api/v1/runtime/runs?project=shop"))) {
      Thread.sleep(250);
    }
    JsonNode overall = api.get("/api/v1/runtime/mttr?project=shop").path("overall");
    JsonNode mean = overall.path("meanToRecoverySeconds");
    say(
        "mttr",
        String.format(
            Locale.ROOT,
            "%d runbook run(s), %d recovered, mean time to recovery %s",
            overall.path("runs").asInt(),
            overall.path("recovered").asInt(),
            mean.isNumber() ? String.format(Locale.ROOT, "%.1f s", mean.asDouble()) : "-"));
    return mean.isNumber() ? mean.asDouble() : null;
  }

  private static boolean allEnded(JsonNode answer) {
    JsonNode runs = answer.path("runs").isArray() ? answer.path("runs") : answer;
    for (JsonNode run : runs) {
      if (run.path("outcome").isNull() || run.path("outcome").asText().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The bad fix as a canary: the same shop with its new pricing engine switched on (it divides by
   * zero on every quote without a coupon), behind a proxy sending it a growing share of the
   * traffic; the proxy's own measurements of both versions decide.
   */
  private RolloutReport canary(
      Path work, Path jar, String stableUrl, String server, String token, String dsn)
      throws IOException, InterruptedException {
    Path agent = work.resolve("kintsugi-agent.jar");
    try (java.io.InputStream in = RuntimeDemo.class.getResourceAsStream(Demo.AGENT_RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "the agent jar is not bundled in this build (" + Demo.AGENT_RESOURCE + ")");
      }
      Files.copy(in, agent, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    int canaryPort = freePort();
    Path canaryFlags = work.resolve("canary-flags.json");
    writeFlags(canaryFlags, "on");
    String canaryUrl = "http://127.0.0.1:" + canaryPort;
    Path file = work.resolve("rollout.yml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "# The bad fix: the shop with its new pricing engine on (a divide-by-zero).",
            "listen: 0",
            "stable: { url: " + stableUrl + " }",
            "canary:",
            "  command: "
                + JSON.writeValueAsString(
                    List.of(
                        javaBinary(),
                        "-javaagent:"
                            + agent
                            + "=dsn="
                            + dsn
                            + ",packages="
                            + Demo.PACKAGE
                            + ",environment=canary,release="
                            + CANARY_RELEASE
                            + ",spool="
                            + work.resolve("canary-spool"),
                        "-jar",
                        jar.toString(),
                        "--port",
                        String.valueOf(canaryPort),
                        "--flags",
                        canaryFlags.toString())),
            "  url: " + canaryUrl,
            "  readyUrl: " + canaryUrl + "/health",
            "  readyTimeout: 60s",
            "  log: canary.log",
            "  grace: 2s",
            "steps: [20, 50, 100]",
            "interval: 3s",
            "bucket: 250ms",
            "maxInconclusive: 1",
            "# Each judgement also asks the server about the canary's release (its agent reports",
            "# errors there): an incident known before, or a new one, fails the step.",
            "kintsugi:",
            "  url: " + server,
            "  tokenEnv: KINTSUGI_TOKEN",
            "  project: shop",
            "  release: " + CANARY_RELEASE,
            ""));
    RolloutConfig config;
    try {
      config = RolloutConfig.read(file);
    } catch (RuntimeConfigException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    say("canary", "rolling out the bad fix from " + file.getFileName() + " behind a proxy");
    AtomicBoolean stop = new AtomicBoolean();
    RolloutReport report;
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("KINTSUGI_TOKEN", token);
    try (LocalRollout rollout = LocalRollout.open(config, env, line -> say("canary", line))) {
      List<Thread> traffic = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> drive(rollout.proxyUrl(), stop), "demo-traffic-" + i);
        t.setDaemon(true);
        t.start();
        traffic.add(t);
      }
      try {
        report = rollout.run();
      } finally {
        stop.set(true);
        for (Thread t : traffic) {
          t.join(5_000);
        }
      }
    }
    Path reportFile = work.resolve("rollout-report.json");
    Files.writeString(reportFile, report.toJson());
    say(
        "canary",
        String.format(
            Locale.ROOT,
            "%s %.1f s after the rollout began (the canary served traffic for %.1f s; report:"
                + " %s)",
            report.promoted() ? "promoted" : "rolled back automatically",
            report.decisionMillis() / 1e3,
            report.canaryServedMillis() / 1e3,
            reportFile));
    return report;
  }

  /** Quotes through the proxy until told to stop: what the verdicts are made of. */
  private void drive(URI proxy, AtomicBoolean stop) {
    HttpRequest quote =
        HttpRequest.newBuilder(proxy.resolve("/cart/quote"))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(QUOTE))
            .build();
    while (!stop.get()) {
      try {
        http.send(quote, HttpResponse.BodyHandlers.discarding());
        Thread.sleep(20);
      } catch (IOException e) {
        // the proxy counts it; go on
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Path writeRuntimeConfig(
      Path work, String shopUrl, Path pidFile, List<String> command) throws IOException {
    Files.writeString(
        work.resolve("policy.yml"),
        "# The demo lets the restart run without a person, in every environment.\n"
            + "runtime:\n  \"*\": { allowed: [restart] }\n");
    Path file = work.resolve("runtime.yml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "version: 1",
            "project: shop",
            "policy: policy.yml",
            "checks:",
            "  - name: shop-http",
            "    http: { url: " + quoted(shopUrl + "/health") + ", maxLatency: 500ms }",
            "    interval: 500ms",
            "    timeout: 400ms",
            "    failureThreshold: 2",
            "    successThreshold: 2",
            "runbooks:",
            "  - name: restart-when-unhealthy",
            "    when: { health: shop-http, failing: 2 }",
            "    do:",
            "      - restart:",
            "          pidFile: " + quoted(pidFile),
            "          command: " + JSON.writeValueAsString(command),
            "          log: " + quoted(work.resolve("shop.log")),
            "          grace: 2s",
            "          readyUrl: " + quoted(shopUrl + "/health"),
            "          readyTimeout: 60s",
            "    verify: { within: 30s, every: 500ms }",
            "    else: [ escalate ]",
            "    guards: { cooldown: 1m }",
            ""));
    return file;
  }

  private static void writeFlags(Path file, String variant) throws IOException {
    Files.writeString(
        file,
        "{\"flags\":{\"new-pricing\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"defaultVariant\":\""
            + variant
            + "\"}}}\n");
  }

  /**
   * Stops the shop whichever process it is now: the one started here, or the one the runbook
   * restarted (its pid file names it).
   */
  private static void stopShop(Process first, Path pidFile) {
    List<ProcessHandle> shops = new ArrayList<>();
    if (first != null) {
      shops.add(first.toHandle());
    }
    try {
      String pid = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(shops::add);
    } catch (IOException | NumberFormatException e) {
      // no pid file: only the first process is ours
    }
    for (ProcessHandle p : shops) {
      try {
        LocalProcesses.stop(p, Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      } catch (IllegalStateException e) {
        // it survived SIGKILL: nothing more to do here
      }
    }
  }

  private static String quoted(Object value) throws IOException {
    return JSON.writeValueAsString(value.toString());
  }

  /** {@code 2.5 s}, or {@code -}. */
  static String seconds(Optional<Duration> d) {
    return d.map(x -> String.format(Locale.ROOT, "%.1f s", x.toMillis() / 1e3)).orElse("-");
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void say(String stage, String message) {
    out.printf(
        Locale.ROOT, "[%6.1fs] %-9s %s%n", (System.nanoTime() - start) / 1e9, stage, message);
    out.flush();
  }
}
