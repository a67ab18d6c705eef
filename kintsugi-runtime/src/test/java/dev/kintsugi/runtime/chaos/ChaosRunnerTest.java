package dev.kintsugi.runtime.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.runtime.RuntimeExtension;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos experiments run for real: a real service process is frozen (SIGSTOP), a Kintsugi server
 * with a restart runbook brings it back (or nothing does), rollbacks run, and the journal says what
 * happened and how long detection and recovery took.
 */
class ChaosRunnerTest {

  private static final String TOKEN = "chaos-test-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private TinyService tiny;
  private KintsugiServer server;
  private HttpServer fake;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (fake != null) {
      fake.stop(0);
    }
    if (tiny != null) {
      tiny.stop();
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("KINTSUGI_TOKEN", TOKEN);
    return env;
  }

  private Journal run(String yaml) throws Exception {
    Path file = dir.resolve("experiment.yml");
    Files.writeString(file, yaml);
    Experiment experiment = Experiments.read(file, Map.of(), env());
    Journal journal =
        new ChaosRunner(java.time.Clock.systemUTC(), env(), lines::add).run(experiment);
    Path written = dir.resolve("journal.json");
    journal.write(written);
    String text = Files.readString(written);
    assertThat(text).doesNotContain(TOKEN);
    assertThat(String.join("\n", lines)).doesNotContain(TOKEN);
    return journal;
  }

  private String hypothesis() {
    return String.join(
        "\n",
        "steady-state-hypothesis:",
        "  title: the tiny service answers",
        "  probes:",
        "    - type: probe",
        "      name: tiny-is-healthy",
        "      tolerance: 200",
        "      provider: { type: http, url: \"" + tiny.url() + "/health\", timeout: 1.5 }",
        "");
  }

  private static String action(String name, String module, String func, String arguments) {
    return String.join(
        "\n",
        "  - type: action",
        "    name: " + name,
        "    provider:",
        "      type: python",
        "      module: chaoskintsugi." + module,
        "      func: " + func,
        "      arguments: " + arguments,
        "");
  }

  @Test
  void aKintsugiRunbookRecoversAFrozenProcessAndTheJournalSaysHowFast() throws Exception {
    tiny = new TinyService(dir);
    tiny.start();
    long frozen = tiny.pid();
    startServer();

    Journal journal =
        run(
            String.join(
                "\n",
                "title: the tiny service recovers when frozen",
                "configuration:",
                "  kintsugi_url: http://127.0.0.1:" + server.port(),
                "  kintsugi_token: { type: env, key: KINTSUGI_TOKEN }",
                "  pid_file: \"" + tiny.pidFile + "\"",
                hypothesis() + "method:",
                action(
                        "freeze",
                        "process.actions",
                        "pause_process",
                        "{ pid_file: \"${pid_file}\" }")
                    + "rollbacks:",
                action("thaw", "process.actions", "resume_process", "{ pid_file: \"${pid_file}\" }")
                    + "extensions:",
                "  - name: kintsugi",
                "    project: tiny",
                "    recovery: { within: 25s, every: 200ms }",
                ""));

    JsonNode json = journal.json();
    System.out.println(
        "chaos e2e recovered: time to detect "
            + json.at("/kintsugi/time_to_detect_s")
            + " s, time to recover "
            + json.at("/kintsugi/time_to_recover_s")
            + " s");
    assertThat(journal.status()).as(json.toPrettyString()).isEqualTo(Journal.COMPLETED);
    assertThat(journal.deviated()).isFalse();
    assertThat(journal.exitCode()).isZero();
    assertThat(journal.hypothesisHeld()).contains(true);
    assertThat(tiny.pid()).as("restarted by the runbook").isNotEqualTo(frozen);
    assertThat(journal.timeToDetect()).isPresent();
    assertThat(journal.timeToDetect().get()).isPositive();
    assertThat(journal.timeToRecover().get()).isGreaterThan(journal.timeToDetect().get());
    assertThat(json.at("/steady_states/before/steady_state_met").asBoolean()).isTrue();
    assertThat(json.at("/steady_states/during/0/steady_state_met").asBoolean())
        .as("frozen at first")
        .isFalse();
    assertThat(json.at("/steady_states/after/steady_state_met").asBoolean()).isTrue();
    assertThat(json.at("/run/0/status").asText()).isEqualTo("succeeded");
    assertThat(json.at("/run/0/output/signal").asText()).isEqualTo("SIGSTOP");
    assertThat(json.at("/run/0/output/in_effect").asBoolean())
        .as("the action returned once the process was stopped")
        .isTrue();
    assertThat(json.at("/rollbacks/0/status").asText()).isEqualTo("succeeded");
    assertThat(json.at("/kintsugi/runbook_runs/0/runbook").asText())
        .isEqualTo("restart-when-frozen");
    assertThat(json.path("kintsugi-version").isTextual()).isTrue();
    assertThat(json.at("/experiment/configuration/kintsugi_token").asText())
        .isEqualTo("[Filtered]");
  }

  @Test
  void whenKintsugisRunbookGivesUpTheRecoveryWaitEndsThereNotAtTheWindowsEnd() throws Exception {
    tiny = new TinyService(dir);
    tiny.start();
    startServer(List.of("false")); // a restart that can never make it answer
    long began = System.nanoTime();

    Journal journal =
        run(
            String.join(
                "\n",
                "title: the tiny service cannot be brought back",
                "configuration:",
                "  kintsugi_url: http://127.0.0.1:" + server.port(),
                "  kintsugi_token: { type: env, key: KINTSUGI_TOKEN }",
                "  pid_file: \"" + tiny.pidFile + "\"",
                hypothesis() + "method:",
                action(
                        "freeze",
                        "process.actions",
                        "pause_process",
                        "{ pid_file: \"${pid_file}\" }")
                    + "rollbacks:",
                action("thaw", "process.actions", "resume_process", "{ pid_file: \"${pid_file}\" }")
                    + "extensions:",
                "  - name: kintsugi",
                "    project: tiny",
                "    recovery: { within: 120s, every: 200ms }",
                ""));

    assertThat(journal.deviated()).as(String.join("\n", lines)).isTrue();
    assertThat(journal.exitCode()).isEqualTo(1);
    assertThat(journal.hypothesisHeld()).contains(false);
    assertThat(lines)
        .anyMatch(l -> l.startsWith("Not waiting for the rest of the window: Kintsugi's runbooks"));
    assertThat(journal.json().at("/kintsugi/runbook_runs/0/outcome").asText())
        .isEqualTo("escalated");
    assertThat(Duration.ofNanos(System.nanoTime() - began))
        .as("ended when the runbook escalated, long before the 120 s window")
        .isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void whenNothingRecoversTheHypothesisIsViolatedAndTheRollbacksUndoTheFaults() throws Exception {
    tiny = new TinyService(dir);
    tiny.start();
    Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
    Path filler = sandbox.resolve("filler");

    Journal journal =
        run(
            String.join(
                "\n",
                "title: nobody comes",
                "configuration:",
                "  kintsugi_sandbox_dir: \"" + sandbox + "\"",
                hypothesis() + "method:",
                action(
                        "freeze",
                        "process.actions",
                        "pause_process",
                        "{ pid_file: \"" + tiny.pidFile + "\" }")
                    + action("fill", "disk.actions", "fill_disk", "{ path: filler, bytes: 1MB }")
                    + "rollbacks:",
                action(
                        "thaw",
                        "process.actions",
                        "resume_process",
                        "{ pid_file: \"" + tiny.pidFile + "\" }")
                    + action("release", "disk.actions", "release_disk", "{ path: filler }")
                    + "extensions:",
                "  - name: kintsugi",
                "    recovery: { within: 4s, every: 200ms }",
                ""));

    JsonNode json = journal.json();
    assertThat(journal.status()).isEqualTo(Journal.FAILED);
    assertThat(journal.deviated()).isTrue();
    assertThat(journal.exitCode()).isEqualTo(1);
    assertThat(journal.hypothesisHeld()).contains(false);
    assertThat(journal.timeToRecover()).isEmpty();
    assertThat(json.at("/kintsugi/time_to_recover_s").isNull()).isTrue();
    assertThat(json.at("/steady_states/after/steady_state_met").asBoolean()).isFalse();
    assertThat(json.at("/steady_states/after/probes/0/tolerance_met").asBoolean()).isFalse();
    assertThat(json.at("/steady_states/during").size()).isGreaterThan(1);
    assertThat(json.at("/run/1/output/bytes_written").asLong()).isEqualTo(1024 * 1024);
    assertThat(json.at("/rollbacks/0/status").asText()).isEqualTo("succeeded");
    assertThat(json.at("/rollbacks/1/output/deleted").asBoolean()).isTrue();
    // The rollbacks' effects: the process runs and answers again, the filler is gone.
    assertThat(TinyService.state(tiny.pid())).isNotEqualTo('T');
    assertThat(status(tiny.url() + "/health")).isEqualTo(200);
    assertThat(filler).doesNotExist();
  }

  @Test
  void whenTheSteadyStateDoesNotHoldBeforeTheMethodIsNotRun() throws Exception {
    tiny = new TinyService(dir); // never started: nothing answers
    Path sandbox = Files.createDirectories(dir.resolve("sandbox"));

    Journal journal =
        run(
            String.join(
                "\n",
                "title: already broken",
                "configuration:",
                "  kintsugi_sandbox_dir: \"" + sandbox + "\"",
                hypothesis() + "method:",
                action("fill", "disk.actions", "fill_disk", "{ path: filler, bytes: 1024 }")
                    + "rollbacks:",
                action("release", "disk.actions", "release_disk", "{ path: filler }")));

    JsonNode json = journal.json();
    assertThat(journal.status()).isEqualTo(Journal.FAILED);
    assertThat(journal.deviated()).isFalse();
    assertThat(journal.exitCode()).isEqualTo(1);
    assertThat(json.path("run")).isEmpty();
    assertThat(sandbox.resolve("filler")).doesNotExist();
    assertThat(json.at("/steady_states/before/probes/0/status").asText()).isEqualTo("failed");
    assertThat(json.at("/steady_states/before/probes/0/exception/0").asText())
        .contains("failed to connect");
    assertThat(json.at("/rollbacks/0/output/deleted").asBoolean()).isFalse();
  }

  @Test
  void aFillerIsNeverWrittenOutsideTheSandboxEvenThroughALink() throws Exception {
    Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(sandbox.resolve("link"), outside);

    Journal journal =
        run(
            String.join(
                "\n",
                "title: escape",
                "configuration:",
                "  kintsugi_sandbox_dir: \"" + sandbox + "\"",
                "method:",
                action("fill", "disk.actions", "fill_disk", "{ path: link/filler, bytes: 1024 }")));

    JsonNode json = journal.json();
    assertThat(json.at("/run/0/status").asText()).isEqualTo("failed");
    assertThat(json.at("/run/0/exception/0").asText()).contains("outside the experiment's sandbox");
    assertThat(outside.resolve("filler")).doesNotExist();
  }

  @Test
  void agentFaultsAreSwitchedOnAndOffThroughTheServersFaultApi() throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + body);
          String path = exchange.getRequestURI().getPath();
          byte[] answer =
              (path.equals("/api/v1/projects")
                      ? "[{\"id\": 7, \"name\": \"other\"}, {\"id\": 3, \"name\": \"shop\"}]"
                      : path.startsWith("/api/v1/runtime/runs") ? "[]" : "{}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(
              exchange.getRequestMethod().equals("DELETE") ? 204 : 200,
              exchange.getRequestMethod().equals("DELETE") ? -1 : answer.length);
          if (!exchange.getRequestMethod().equals("DELETE")) {
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    fake.start();
    String method = "dev.kintsugi.example.shop.Pricing#quote";

    Journal journal =
        run(
            String.join(
                "\n",
                "title: slow pricing",
                "configuration:",
                "  kintsugi_url: http://127.0.0.1:" + fake.getAddress().getPort(),
                "  kintsugi_token: { type: env, key: KINTSUGI_TOKEN }",
                "method:",
                action(
                        "slow",
                        "agent.actions",
                        "inject_latency",
                        "{ project: shop, method: \""
                            + method
                            + "\", latency_ms: 1500, duration: 2m }")
                    + "rollbacks:",
                action(
                        "fast",
                        "agent.actions",
                        "remove_fault",
                        "{ project: shop, method: \"" + method + "\" }")
                    + "extensions:",
                "  - { name: kintsugi, project: shop }",
                ""));

    assertThat(journal.exitCode()).isZero();
    String fault = "/api/v1/projects/3/faults/dev.kintsugi.example.shop.Pricing%23quote";
    assertThat(requests)
        .filteredOn(r -> r.contains("/faults/"))
        .hasSize(2)
        .allMatch(r -> r.contains(" Bearer " + TOKEN + " "));
    String put = requests.stream().filter(r -> r.startsWith("PUT ")).findFirst().orElseThrow();
    assertThat(put).startsWith("PUT " + fault + " ");
    assertThat(JSON.readTree(put.substring(put.indexOf('{'))))
        .isEqualTo(
            JSON.readTree(
                "{\"kind\": \"latency\", \"latencyMs\": 1500, \"probability\": 1.0,"
                    + " \"ttlSeconds\": 120, \"experiment\": \"slow pricing\"}"));
    assertThat(requests).anyMatch(r -> r.startsWith("DELETE " + fault + " "));
    assertThat(journal.json().at("/rollbacks/0/output/removed").asBoolean()).isTrue();
  }

  private void startServer() throws Exception {
    startServer(tiny.command());
  }

  /** A server whose runbook restarts the tiny service with {@code restart}. */
  private void startServer(List<String> restart) throws Exception {
    Files.writeString(dir.resolve("policy.yml"), "runtime:\n  \"*\": { allowed: [restart] }\n");
    Path config = dir.resolve("runtime.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 1",
            "project: tiny",
            "policy: policy.yml",
            "checks:",
            "  - name: tiny-http",
            "    http: { url: " + JSON.writeValueAsString(tiny.url() + "/health") + " }",
            "    interval: 300ms",
            "    timeout: 250ms",
            "    failureThreshold: 2",
            "    successThreshold: 1",
            "runbooks:",
            "  - name: restart-when-frozen",
            "    when: { health: tiny-http, failing: 2 }",
            "    do:",
            "      - restart:",
            "          pidFile: " + JSON.writeValueAsString(tiny.pidFile.toString()),
            "          command: " + JSON.writeValueAsString(restart),
            "          log: " + JSON.writeValueAsString(dir.resolve("tiny.log").toString()),
            "          grace: 300ms",
            "          readyUrl: " + JSON.writeValueAsString(tiny.url() + "/health"),
            "          readyTimeout: 15s",
            "    verify: { within: 10s, every: 300ms }",
            "    else: [ escalate ]",
            ""));
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .adminToken(TOKEN)
                .build(),
            null,
            1,
            line -> {},
            List.of(RuntimeExtension.read(config)));
    server.store().createProject("tiny", Optional.empty(), List.of("dev.kintsugi"));
  }

  private static int status(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
