package dev.kintsugi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.store.Project;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime remediation end to end: the sample shop runs as a real process, a fault is switched on in
 * it, its health check fails, a runbook acts, and recovery is verified (or not, and a person is
 * called), with the run, its MTTR, the runtime incident and the audit trail stored.
 */
class RuntimeRemediationTest {

  private static final String TOKEN = "runtime-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer hooks;
  private KintsugiServer server;
  private Project project;
  private ShopService shop;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (hooks != null) {
      hooks.stop(0);
    }
    if (shop != null) {
      shop.stop();
    }
  }

  @Test
  void aRestartClearsLatencyTheHealthCheckSawAndMttrIsRecorded() throws Exception {
    shop = ShopService.in(dir);
    shop.start();
    start(shop.command());
    long before = shop.pid();
    awaitRuns(0);

    shop.send("POST", "/admin/faults/latency");

    JsonNode run = awaitEndedRun();
    report("restart", run);
    assertThat(run.path("outcome").asText()).isEqualTo("recovered");
    assertThat(shop.pid()).isNotEqualTo(before);
    assertThat(shop.status("/health")).isEqualTo(200);
    assertThat(run.path("steps").toString()).contains("restart");

    JsonNode mttr = get("/api/v1/runtime/mttr?project=shop");
    JsonNode figures = mttr.path("runbooks").path("restart-when-slow");
    assertThat(figures.path("runs").asInt()).isEqualTo(1);
    assertThat(figures.path("recovered").asInt()).isEqualTo(1);
    assertThat(figures.path("meanToRecoverySeconds").asDouble()).isPositive();
    assertThat(mttr.path("overall").path("recovered").asInt()).isEqualTo(1);

    JsonNode incident = runtimeIncident();
    await(() -> "resolved".equals(incidentStatus(incident.path("id").asLong())), 20);
    assertThat(auditActions())
        .contains("runtime.opened", "runtime.triggered", "runtime.action", "runtime.verified");
    assertThat(notifications).isEmpty();
  }

  @Test
  void whenTheRestartDoesNotHelpTheRunbookEscalates() throws Exception {
    shop = ShopService.in(dir);
    // The fault is in the command line: the restarted process is as slow as the old one.
    shop.start();
    start(shop.command("--fault", "latency"));
    awaitRuns(0);

    shop.send("POST", "/admin/faults/latency");

    JsonNode run = awaitEndedRun();
    report("restart that cannot help", run);
    assertThat(run.path("outcome").asText()).isEqualTo("escalated");
    await(() -> !notifications.isEmpty(), 20);
    assertThat(notifications.get(0).path("event").asText()).isEqualTo("escalated");
    assertThat(notifications.get(0).path("summary").asText()).contains("restart-when-slow");
    JsonNode mttr = get("/api/v1/runtime/mttr?project=shop");
    assertThat(mttr.path("overall").path("runs").asInt()).isEqualTo(1);
    assertThat(mttr.path("overall").path("recovered").asInt()).isZero();
    assertThat(incidentStatus(runtimeIncident().path("id").asLong())).isNotEqualTo("resolved");
    assertThat(auditActions()).contains("runtime.not_verified", "runtime.escalated");
  }

  @Test
  void aFlagFlipStopsTheErrorsOfTheIncidentTheAgentReported() throws Exception {
    shop = ShopService.in(dir);
    shop.flag("on"); // the new pricing engine: every quote without a coupon fails
    startServer(
        String.join(
            "\n",
            "runbooks:",
            "  - name: new-pricing-off",
            "    when: { incident: { exception: java.lang.ArithmeticException } }",
            "    do:",
            "      - flag:",
            "          file: " + JSON.writeValueAsString(shop.flags.toString()),
            "          flag: new-pricing",
            "          variant: off",
            "    verify: { within: 5s, every: 500ms }",
            "    else: [ undo, escalate ]",
            ""));
    shop.withAgent(
            "dsn=http://"
                + project.dsnKey()
                + "@127.0.0.1:"
                + server.port()
                + "/"
                + project.id()
                + ",packages=dev.kintsugi.example.shop,environment=test,spool="
                + dir.resolve("spool"))
        .start();
    Thread traffic =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  shop.quote();
                  Thread.sleep(100);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    traffic.start();
    try {
      JsonNode run = awaitEndedRun();
      report("flag flip", run);
      assertThat(run.path("outcome").asText()).as(run.toString()).isEqualTo("recovered");
      assertThat(run.path("signalKind").asText()).isEqualTo("incident");
      assertThat(
              JSON.readTree(shop.flags.toFile())
                  .path("flags")
                  .path("new-pricing")
                  .path("defaultVariant")
                  .asText())
          .isEqualTo("off");
      assertThat(shop.quote()).isEqualTo(200);
      assertThat(get("/api/v1/runtime/mttr?project=shop").path("overall").path("recovered").asInt())
          .isEqualTo(1);
    } finally {
      traffic.interrupt();
      traffic.join();
    }
  }

  /** Starts the server with a runbook restarting the shop with {@code restartCommand}. */
  private void start(List<String> restartCommand) throws Exception {
    String health = "http://127.0.0.1:" + shop.port + "/health";
    startServer(
        String.join(
            "\n",
            "checks:",
            "  - name: shop-http",
            "    http: { url: " + JSON.writeValueAsString(health) + ", maxLatency: 500ms }",
            "    interval: 300ms",
            "    timeout: 250ms",
            "    failureThreshold: 2",
            "    successThreshold: 2",
            "runbooks:",
            "  - name: restart-when-slow",
            "    when: { health: shop-http, failing: 2 }",
            "    do:",
            "      - restart:",
            "          pidFile: " + JSON.writeValueAsString(shop.pidFile.toString()),
            "          command: " + JSON.writeValueAsString(restartCommand),
            "          log: " + JSON.writeValueAsString(dir.resolve("shop.log").toString()),
            "          grace: 2s",
            "          readyUrl: " + JSON.writeValueAsString(health),
            "          readyTimeout: 30s",
            "    verify: { within: 8s, every: 300ms }",
            "    else: [ escalate ]",
            "    guards: { cooldown: 1m }",
            ""));
  }

  /** Starts the server with the runtime configuration's {@code sections} for project "shop". */
  private void startServer(String sections) throws Exception {
    hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hooks.createContext(
        "/hook",
        exchange -> {
          notifications.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hooks.start();
    Files.writeString(
        dir.resolve("policy.yml"), "runtime:\n  \"*\": { allowed: [restart, flag] }\n");
    Path config = dir.resolve("runtime.yml");
    Files.writeString(config, "version: 1\nproject: shop\npolicy: policy.yml\n" + sections);
    RuntimeExtension runtime = RuntimeExtension.read(config);
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .adminToken(TOKEN)
                .webhooks(
                    List.of(
                        Webhook.parse(
                            "generic:http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook")))
                .build(),
            null,
            1,
            line -> {},
            List.of(runtime));
    project =
        server
            .store()
            .createProject("shop", Optional.empty(), List.of("dev.kintsugi.example.shop"));
  }

  /** The run's times, printed for the record (the closing notes quote them). */
  private static void report(String what, JsonNode run) {
    System.out.println(
        "runtime e2e "
            + what
            + ": outcome "
            + run.path("outcome").asText()
            + ", detection→action "
            + run.path("timeToActionSeconds").asText()
            + " s, detection→recovery "
            + run.path("timeToRecoverySeconds").asText()
            + " s");
  }

  private JsonNode awaitEndedRun() throws Exception {
    JsonNode[] ended = new JsonNode[1];
    await(
        () -> {
          JsonNode runs = get("/api/v1/runtime/runs?project=shop");
          for (JsonNode run : runs.path("runs").isArray() ? runs.path("runs") : runs) {
            if (!run.path("outcome").isNull() && !run.path("outcome").asText().isEmpty()) {
              ended[0] = run;
              return true;
            }
          }
          return false;
        },
        60);
    return ended[0];
  }

  private void awaitRuns(int count) throws Exception {
    JsonNode runs = get("/api/v1/runtime/runs?project=shop");
    assertThat(runs.path("runs").isArray() ? runs.path("runs") : runs).hasSize(count);
  }

  private JsonNode runtimeIncident() throws Exception {
    long project = server.store().projects().get(0).id();
    JsonNode incidents = get("/api/v1/projects/" + project + "/incidents");
    for (JsonNode i :
        incidents.path("incidents").isArray() ? incidents.path("incidents") : incidents) {
      if ("runtime".equals(i.path("kind").asText())) {
        return i;
      }
    }
    throw new AssertionError("no runtime incident in " + incidents);
  }

  private String incidentStatus(long id) {
    return server.store().incident(id).map(i -> i.status().name().toLowerCase()).orElse("");
  }

  private List<String> auditActions() {
    return server.store().projects().isEmpty()
        ? List.of()
        : auditOf(server.store().projects().get(0).id());
  }

  private List<String> auditOf(long project) {
    try {
      JsonNode page = get("/api/v1/audit?project=" + project + "&limit=200");
      List<String> actions = new java.util.ArrayList<>();
      for (JsonNode e : page.path("entries").isArray() ? page.path("entries") : page) {
        actions.add(e.path("action").asText());
      }
      return actions;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(Check check, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s");
      }
      Thread.sleep(200);
    }
  }
}
