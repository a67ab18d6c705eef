package dev.kintsugi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.chaos.ChaosRunner;
import dev.kintsugi.runtime.chaos.Experiments;
import dev.kintsugi.runtime.chaos.Journal;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.store.Project;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos experiment that injects errors into a method of the real shop through its agent (the
 * server's fault API, {@code faults=on}); the agent reports them, a runbook opens the method's
 * circuit (free shipping instead of failing quotes), the steady state holds again, and the rollback
 * removes the fault.
 */
class ChaosAgentFaultTest {

  private static final String TOKEN = "chaos-fault-token";
  private static final String METHOD = "dev.kintsugi.example.shop.Shipping#forCart";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private KintsugiServer server;
  private ShopService shop;

  @AfterEach
  void stop() throws IOException {
    if (shop != null) {
      shop.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void errorsInjectedThroughTheAgentAreStoppedByACircuitTheRunbookOpens() throws Exception {
    Files.writeString(dir.resolve("policy.yml"), "runtime:\n  \"*\": { allowed: [circuit] }\n");
    Path config = dir.resolve("runtime.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 1",
            "project: shop",
            "policy: policy.yml",
            "runbooks:",
            "  - name: free-shipping-when-it-fails",
            "    when: { incident: { exception: java.lang.IllegalStateException } }",
            "    do:",
            "      - circuit: { method: " + METHOD + ", fallback: \"0\", ttl: 10m }",
            "    verify: { within: 4s, every: 500ms }",
            "    else: [ undo, escalate ]",
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
    Project project =
        server
            .store()
            .createProject("shop", Optional.empty(), List.of("dev.kintsugi.example.shop"));
    shop =
        ShopService.in(dir)
            .withAgent(
                "dsn=http://"
                    + project.dsnKey()
                    + "@127.0.0.1:"
                    + server.port()
                    + "/"
                    + project.id()
                    + ",packages=dev.kintsugi.example.shop,environment=test,circuits_poll=100ms"
                    + ",faults=on,spool="
                    + dir.resolve("spool"));
    shop.start();

    String shopUrl = "http://127.0.0.1:" + shop.port;
    String experiment =
        String.join(
            "\n",
            "title: Shipping fails",
            "configuration:",
            "  kintsugi_url: http://127.0.0.1:" + server.port(),
            "  kintsugi_token: { type: env, key: KINTSUGI_TOKEN }",
            "steady-state-hypothesis:",
            "  title: Quotes are answered",
            "  probes:",
            "    - type: probe",
            "      name: a-quote",
            "      tolerance: 200",
            "      provider:",
            "        type: http",
            "        method: POST",
            "        url: " + shopUrl + "/cart/quote",
            "        arguments: { items: [ { sku: MUG-01, quantity: 1 } ] }",
            "        timeout: 3",
            "method:",
            "  - type: action",
            "    name: shipping-throws",
            "    provider:",
            "      type: python",
            "      module: chaoskintsugi.agent.actions",
            "      func: inject_errors",
            "      arguments:",
            "        project: shop",
            "        method: " + METHOD,
            "        exception: java.lang.IllegalStateException",
            "        message: shipping is down",
            "        duration: 2m",
            // The agents take the fault at their next poll, and retransform the method: time
            // enough under load, while the test's traffic meets the fault.
            "    pauses: { after: 3 }",
            "rollbacks:",
            "  - type: action",
            "    name: shipping-back",
            "    provider:",
            "      type: python",
            "      module: chaoskintsugi.agent.actions",
            "      func: remove_fault",
            "      arguments: { project: shop, method: " + METHOD + " }",
            "extensions:",
            "  - name: kintsugi",
            "    project: shop",
            "    recovery: { within: 30s, every: 300ms }",
            "");
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "KINTSUGI_TOKEN", TOKEN);
    List<String> log = new ArrayList<>();
    // Customers keep asking for quotes: their errors are what the agent reports.
    List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread traffic =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  seen.add(shop.quote());
                  Thread.sleep(100);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    traffic.start();
    Journal journal;
    try {
      journal =
          new ChaosRunner(Clock.systemUTC(), env, log::add)
              .run(Experiments.parse(experiment, false, Map.of(), env));
    } finally {
      traffic.interrupt();
      traffic.join();
    }

    String said = String.join("\n", log);
    System.out.println(said);
    assertThat(journal.hypothesisHeld()).as(said).contains(true);
    assertThat(journal.deviated()).as(said).isFalse();
    assertThat(journal.timeToDetect()).as(said).isPresent();
    assertThat(seen).as("the fault broke quotes before the circuit mended them").contains(500);
    JsonNode runs = get("/api/v1/runtime/runs?project=shop");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).path("runbook").asText()).isEqualTo("free-shipping-when-it-fails");
    assertThat(runs.get(0).path("steps").toString()).contains("circuit");
    assertThat(get("/api/v1/projects/" + project.id() + "/faults").toString())
        .as("the rollback removed the fault")
        .doesNotContain(METHOD);
    assertThat(get("/api/v1/projects/" + project.id() + "/circuits").toString()).contains(METHOD);
    assertThat(shop.quote()).isEqualTo(200);
    assertThat(get("/api/v1/audit?project=" + project.id() + "&limit=200").toString())
        .contains("fault.injected", "fault.removed", "runtime.action");
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
}
