package dev.kintsugi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime inside a real server: an Alertmanager alert posted to the server starts a runbook
 * whose HTTP action is called, and the alert's resolution verifies it — for a project the server
 * does not know (no incident, said once in the log; the runbook still acts).
 */
class RuntimeExtensionTest {

  private static final String TOKEN = "runtime-extension-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer target;
  private KintsugiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (target != null) {
      target.stop(0);
    }
  }

  @Test
  void anAlertStartsARunbookWhoseActionRunsAndItsResolutionVerifiesIt() throws Exception {
    target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    target.createContext(
        "/cache/clear",
        exchange -> {
          calls.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    target.start();
    Files.writeString(dir.resolve("policy.yml"), "runtime:\n  \"*\": { allowed: [http] }\n");
    Path config = dir.resolve("runtime.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "project: billing",
            "policy: policy.yml",
            "runbooks:",
            "  - name: clear-cache",
            "    when: { alert: HighErrorRate }",
            "    do:",
            "      - http: { url: \"http://127.0.0.1:"
                + target.getAddress().getPort()
                + "/cache/clear\" }",
            "    verify: { within: 20s, every: 200ms }",
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
            log::add,
            List.of(RuntimeExtension.read(config)));

    assertThat(post("/api/v1/runtime/alertmanager", alert("firing")).statusCode()).isEqualTo(200);
    await(() -> calls.get() == 1);
    assertThat(post("/api/v1/runtime/alertmanager", alert("resolved")).statusCode()).isEqualTo(200);
    await(() -> "recovered".equals(runs().path(0).path("outcome").asText()));

    assertThat(runs().path(0).path("incident").isNull()).isTrue();
    assertThat(log).filteredOn(l -> l.contains("billing is not registered")).hasSize(1);
    assertThat(calls).hasValue(1);
  }

  private static String alert(String status) {
    return "{\"version\":\"4\",\"status\":\""
        + status
        + "\",\"alerts\":[{\"status\":\""
        + status
        + "\",\"labels\":{\"alertname\":\"HighErrorRate\"},"
        + "\"startsAt\":\"2026-12-06T12:00:00Z\",\"endsAt\":\""
        + (status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-12-06T12:05:00Z")
        + "\",\"fingerprint\":\"abc\"}]}";
  }

  private JsonNode runs() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/runtime/runs?project=billing"))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.holds()) {
      assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
