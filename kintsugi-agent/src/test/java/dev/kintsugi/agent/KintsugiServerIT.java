package dev.kintsugi.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.agent.testing.ChildJvm;
import dev.kintsugi.agent.testing.EnvelopeServer;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent sending to the real Kintsugi ingest server (in-process, H2 in a temp dir). */
class KintsugiServerIT {
  static final String TOKEN = "it-admin-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dir;

  KintsugiServer start(int port) {
    return KintsugiServer.start(
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(port)
            .dbUrl("jdbc:h2:file:" + dir.resolve("db/kintsugi").toAbsolutePath())
            .adminToken(TOKEN)
            .build());
  }

  static JsonNode api(KintsugiServer server, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10));
    b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
    return JSON.readTree(r.body());
  }

  static JsonNode createProject(KintsugiServer server) throws Exception {
    return api(
        server, "POST", "/api/v1/projects", "{\"name\":\"shop\",\"inAppPrefixes\":[\"com.acme\"]}");
  }

  /** The project's incidents once their counts add up to {@code events}. */
  static JsonNode awaitEvents(KintsugiServer server, long project, int events) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonNode incidents;
    do {
      incidents = api(server, "GET", "/api/v1/projects/" + project + "/incidents", null);
      long sum = 0;
      for (JsonNode i : incidents) {
        sum += i.path("count").asLong();
      }
      if (sum >= events) {
        return incidents;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("never " + events + " events: " + incidents);
  }

  static long countEvents(JsonNode incidents) {
    long sum = 0;
    for (JsonNode i : incidents) {
      sum += i.path("count").asLong();
    }
    return sum;
  }

  @Test
  void anUncaughtErrorBecomesAnIncidentWhoseStoredEventKeepsTheFrameVars() throws Exception {
    try (KintsugiServer server = start(0)) {
      JsonNode project = createProject(server);
      long id = project.path("id").asLong();
      ChildJvm.Result r =
          ChildJvm.create()
              .agent(
                  "dsn="
                      + project.path("dsn").asText()
                      + ",packages=com.acme,release=shop@2.0,spool="
                      + dir.resolve("spool"))
              .run("com.acme.orders.UncaughtApp");
      assertThat(r.exitCode).as(r.toString()).isEqualTo(1);

      JsonNode incidents = awaitEvents(server, id, 1);
      assertThat(incidents).hasSize(1);
      JsonNode incident = incidents.get(0);
      assertThat(incident.path("title").asText())
          .isEqualTo("OrderRejected: order A-17 rejected at main-store");
      assertThat(incident.path("culprit").asText()).contains("com.acme.orders.OrderService.place");

      JsonNode detail =
          api(server, "GET", "/api/v1/incidents/" + incident.path("id").asLong(), null);
      assertThat(detail.path("releases").get(0).asText()).isEqualTo("shop@2.0");
      JsonNode root =
          detail.path("latestEvent").path("payload").path("exception").path("values").get(0);
      JsonNode frames = root.path("stacktrace").path("frames");
      JsonNode deepest = frames.get(frames.size() - 1);
      assertThat(deepest.path("function").asText()).isEqualTo("total");
      assertThat(deepest.path("vars").path("sku").asText()).isEqualTo("SKU-9");
      assertThat(deepest.path("vars").path("quantity").asInt()).isZero();
      assertThat(deepest.path("vars").path("unitPrice").path("value").asText()).isEqualTo("5");
      JsonNode validate = frames.get(frames.size() - 2).path("vars");
      assertThat(validate.path("this").path("store").asText()).isEqualTo("main-store");
      assertThat(validate.path("order").path("customer").path("password").asText())
          .isEqualTo("[Filtered]");
    }
  }

  @Test
  void whileTheServerIsDownTheHostRunsOnAndTheEventIsReplayedByTheNextRun() throws Exception {
    int downPort = EnvelopeServer.freePort();
    String dsn;
    long id;
    try (KintsugiServer first = start(0)) {
      JsonNode project = createProject(first);
      id = project.path("id").asLong();
      String real = project.path("dsn").asText();
      dsn = real.replace(":" + first.port() + "/", ":" + downPort + "/");
    }
    Path spool = dir.resolve("spool");
    String options = "dsn=" + dsn + ",packages=com.acme,spool=" + spool + ",flush_timeout_ms=5000";

    ChildJvm.Result down = ChildJvm.create().agent(options).run("com.acme.orders.CaptureApp");
    assertThat(down.exitCode).as(down.toString()).isZero();
    assertThat(down.stdout).contains("still running");
    assertThat(down.took).isLessThan(Duration.ofSeconds(10));
    assertThat(down.agentLines()).anyMatch(l -> l.contains("cannot reach"));
    assertThat(envelopes(spool)).isEqualTo(1);

    try (KintsugiServer again = start(downPort)) {
      ChildJvm.Result up = ChildJvm.create().agent(options).run("com.acme.orders.UncaughtApp");
      assertThat(up.exitCode).as(up.toString()).isEqualTo(1);
      assertThat(up.agentLines()).as(up.toString()).isEmpty();
      JsonNode incidents = awaitEvents(again, id, 2);
      Thread.sleep(500);
      incidents = api(again, "GET", "/api/v1/projects/" + id + "/incidents", null);
      assertThat(countEvents(incidents)).isEqualTo(2);
      assertThat(envelopes(spool)).isZero();
    }
  }

  static long envelopes(Path spool) throws Exception {
    if (!Files.isDirectory(spool)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".envelope")).count();
    }
  }
}
