package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentry.Sentry;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerEndToEndTest {
  KintsugiServer server;
  ServerFixture api;

  @BeforeAll
  void start(@TempDir Path dir) {
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("kintsugi").toAbsolutePath())
                .adminToken(ServerFixture.TOKEN)
                .build());
    api = new ServerFixture(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** Builds exceptions at fixed sites so that each site has its own stack. */
  static RuntimeException siteA(String message) {
    return new IllegalStateException(message);
  }

  static RuntimeException siteB() {
    return new IllegalArgumentException("bad argument");
  }

  JsonNode waitForIncidents(long project, long totalCount) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonNode incidents;
    do {
      incidents = api.getJson("/api/v1/projects/" + project + "/incidents");
      long sum = 0;
      for (JsonNode i : incidents) {
        sum += i.path("count").asLong();
      }
      if (sum >= totalCount) {
        return incidents;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("incidents never reached " + totalCount + " events: " + incidents);
  }

  @Nested
  class WithTheRealSentrySdk {
    @Test
    void errorsAreGroupedCountedAndScrubbed() throws Exception {
      JsonNode project = api.createProject("sdk", "[\"dev.kintsugi.server\"]");
      long pid = project.path("id").asLong();
      Sentry.init(
          o -> {
            o.setDsn(project.path("dsn").asText());
            o.setRelease("shop@1.2.3");
            o.setEnvironment("production");
            o.setSendClientReports(true);
          });
      try {
        Sentry.configureScope(
            scope -> {
              scope.setExtra("password", "hunter2");
              scope.setExtra("orderId", "A-17");
            });
        for (int i = 0; i < 2; i++) {
          Sentry.captureException(siteA("card 4111 1111 1111 1111 declined"));
        }
        Sentry.captureException(siteB());
        Sentry.flush(10_000);
      } finally {
        Sentry.close();
      }

      JsonNode incidents = waitForIncidents(pid, 3);
      assertThat(incidents).hasSize(2);
      JsonNode a = null;
      for (JsonNode i : incidents) {
        if (i.path("title").asText().startsWith("IllegalStateException")) {
          a = i;
        }
      }
      assertThat(a).isNotNull();
      assertThat(a.path("count").asLong()).isEqualTo(2);
      assertThat(a.path("status").asText()).isEqualTo("open");
      assertThat(a.path("title").asText())
          .isEqualTo("IllegalStateException: card [creditcard] declined");
      assertThat(a.path("culprit").asText()).contains("ServerEndToEndTest.siteA");

      JsonNode detail = api.getJson("/api/v1/incidents/" + a.path("id").asLong());
      JsonNode event = detail.path("latestEvent").path("payload");
      assertThat(event.path("extra").path("password").asText()).isEqualTo("[Filtered]");
      assertThat(event.path("extra").path("orderId").asText()).isEqualTo("A-17");
      assertThat(event.toString()).doesNotContain("hunter2").doesNotContain("4111 1111");
      assertThat(detail.path("releases").get(0).asText()).isEqualTo("shop@1.2.3");
      assertThat(detail.path("environments").get(0).asText()).isEqualTo("production");
      assertThat(detail.path("healingRuns").isArray()).isTrue();
      assertThat(detail.path("healingRuns")).isEmpty();
    }
  }

  @Nested
  class Ingest {
    @Test
    void gzipEnvelopesAndTheQueryKeyAreAcceptedAndOtherItemsIgnored() throws Exception {
      JsonNode project = api.createProject("gz", "[]");
      long pid = project.path("id").asLong();
      String eid = id();
      String env =
          ServerFixture.envelope(eid, "java.lang.IllegalStateException", "run")
              + "{\"type\":\"session\"}\n{\"sid\":\"x\",\"status\":\"ok\"}\n"
              + "{\"type\":\"client_report\",\"length\":2}\n{}\n";
      HttpResponse<String> r =
          api.http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          api.base
                              + "/api/"
                              + pid
                              + "/envelope/?sentry_key="
                              + ServerFixture.key(project)))
                  .header("Content-Encoding", "gzip")
                  .header("Content-Type", "application/x-sentry-envelope")
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          gzip(env.getBytes(StandardCharsets.UTF_8))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(ServerFixture.JSON.readTree(r.body()).path("id").asText()).isEqualTo(eid);
      // 200 means journaled; the database has it once the applier caught up.
      assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
      assertThat(server.store().eventIds(pid)).containsExactly(eid);
    }

    @Test
    void theStoreEndpointTakesAPlainEvent() throws Exception {
      JsonNode project = api.createProject("store", "[]");
      long pid = project.path("id").asLong();
      HttpResponse<String> r =
          api.http.send(
              HttpRequest.newBuilder(URI.create(api.base + "/api/" + pid + "/store/"))
                  .header(
                      "X-Sentry-Auth",
                      "Sentry sentry_version=7,sentry_key=" + ServerFixture.key(project))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"disk 93% full\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(waitForIncidents(pid, 1).get(0).path("title").asText()).isEqualTo("disk 93% full");
    }
  }

  @Nested
  class BadInput {
    JsonNode project;
    long pid;
    String key;

    void setUp() throws Exception {
      if (project == null) {
        project = api.createProject("bad-" + id(), "[]");
        pid = project.path("id").asLong();
        key = ServerFixture.key(project);
      }
    }

    byte[] good() {
      return ServerFixture.envelope(id(), "E", "f").getBytes(StandardCharsets.UTF_8);
    }

    /** After every bad request the server still ingests. */
    void stillIngests() throws Exception {
      assertThat(api.postEnvelope(pid, key, good()).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongOrMissingKeyIs401() throws Exception {
      setUp();
      assertThat(api.postEnvelope(pid, "0".repeat(32), good()).statusCode()).isEqualTo(401);
      assertThat(api.postEnvelope(pid, null, good()).statusCode()).isEqualTo(401);
      stillIngests();
    }

    @Test
    void unknownProjectIs404() throws Exception {
      setUp();
      assertThat(api.postEnvelope(99_999, key, good()).statusCode()).isEqualTo(404);
      stillIngests();
    }

    @Test
    void malformedEnvelopesAre400WithAReason() throws Exception {
      setUp();
      for (String bad :
          List.of(
              "not json\n",
              "{}\n{\"type\":\"event\",\"length\":100}\n{\"short\":1}\n",
              "{}\n{\"type\":\"event\"}\n[1,2,3]\n",
              "{}\n{\"length\":2}\n{}\n",
              "")) {
        HttpResponse<String> r = api.postEnvelope(pid, key, bad.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
        assertThat(r.body()).contains("detail");
      }
      HttpResponse<String> notGzip =
          api.postEnvelope(
              pid, key, "plain".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "gzip");
      assertThat(notGzip.statusCode()).isEqualTo(400);
      stillIngests();
    }

    @Test
    void wrongContentTypeOrEncodingIs415() throws Exception {
      setUp();
      assertThat(api.postEnvelope(pid, key, good(), "Content-Type", "image/png").statusCode())
          .isEqualTo(415);
      assertThat(api.postEnvelope(pid, key, good(), "Content-Encoding", "br").statusCode())
          .isEqualTo(415);
      stillIngests();
    }

    @Test
    void oversizedEventAndBodyAre413() throws Exception {
      setUp();
      String big = "x".repeat(1024 * 1024 + 10);
      String event = "{\"message\":\"" + big + "\"}";
      String env = "{}\n{\"type\":\"event\",\"length\":" + event.length() + "}\n" + event + "\n";
      assertThat(api.postEnvelope(pid, key, env.getBytes(StandardCharsets.UTF_8)).statusCode())
          .isEqualTo(413);
      // Declares 21 MB and sends only the start of it: refused on the header, rest never read.
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(10_000);
        socket
            .getOutputStream()
            .write(
                ("POST /api/"
                        + pid
                        + "/envelope/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "X-Sentry-Auth: Sentry sentry_key="
                        + key
                        + "\r\n"
                        + "Content-Length: "
                        + (21 * 1024 * 1024)
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(new byte[64 * 1024]);
        String status =
            new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        assertThat(status).startsWith("HTTP/1.1 413");
      }
      stillIngests();
    }

    @Test
    void aGzipBombIsStoppedQuicklyWithBoundedMemory() throws Exception {
      setUp();
      // 64 MB of zeros inside an envelope, 64 KB on the wire.
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(wire)) {
        gz.write(
            "{}\n{\"type\":\"attachment\",\"length\":1073741824}\n"
                .getBytes(StandardCharsets.UTF_8));
        byte[] zeros = new byte[1024 * 1024];
        for (int i = 0; i < 64; i++) {
          gz.write(zeros);
        }
      }
      long start = System.nanoTime();
      HttpResponse<String> r =
          api.postEnvelope(pid, key, wire.toByteArray(), "Content-Encoding", "gzip");
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      stillIngests();
    }
  }

  @Nested
  class Rest {
    @Test
    void requiresTheAdminToken() throws Exception {
      HttpResponse<String> r =
          api.http.send(
              HttpRequest.newBuilder(URI.create(api.base + "/api/v1/projects")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void createsProjectsWithADsnAndRotatesKeys() throws Exception {
      JsonNode p = api.createProject("shop", "[\"com.shop\"]");
      assertThat(p.path("dsn").asText())
          .matches(
              "http://[0-9a-f]{32}@127\\.0\\.0\\.1:" + server.port() + "/" + p.path("id").asLong());
      String oldKey = ServerFixture.key(p);
      JsonNode rotated =
          ServerFixture.JSON.readTree(
              api.send("POST", "/api/v1/projects/" + p.path("id").asLong() + "/rotate-key", "{}")
                  .body());
      assertThat(ServerFixture.key(rotated)).isNotEqualTo(oldKey);
      byte[] env = ServerFixture.envelope(id(), "E", "f").getBytes(StandardCharsets.UTF_8);
      assertThat(api.postEnvelope(p.path("id").asLong(), oldKey, env).statusCode()).isEqualTo(401);
      assertThat(
              api.postEnvelope(p.path("id").asLong(), ServerFixture.key(rotated), env).statusCode())
          .isEqualTo(200);
      assertThat(api.send("POST", "/api/v1/projects", "{\"repo\": \"x\"}").statusCode())
          .isEqualTo(400);
    }

    @Test
    void incidentsMoveAlongTheirLifecycleAndRegress() throws Exception {
      JsonNode p = api.createProject("life", "[]");
      long pid = p.path("id").asLong();
      String key = ServerFixture.key(p);
      api.postEnvelope(
          pid, key, ServerFixture.envelope(id(), "E", "f").getBytes(StandardCharsets.UTF_8));
      long iid = waitForIncidents(pid, 1).get(0).path("id").asLong();
      assertThat(
              api.send("PATCH", "/api/v1/incidents/" + iid, "{\"status\":\"resolved\"}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              api.send("PATCH", "/api/v1/incidents/" + iid, "{\"status\":\"fix_proposed\"}")
                  .statusCode())
          .isEqualTo(409);
      api.postEnvelope(
          pid, key, ServerFixture.envelope(id(), "E", "f").getBytes(StandardCharsets.UTF_8));
      assertThat(api.getJson("/api/v1/incidents/" + iid).path("status").asText())
          .isEqualTo("regressed");
    }

    @Test
    void healthAndMetrics() throws Exception {
      assertThat(api.get("/healthz").statusCode()).isEqualTo(200);
      String metrics = api.get("/metrics").body();
      assertThat(metrics)
          .contains("kintsugi_events_accepted_total")
          .contains("kintsugi_ingest_latency_seconds")
          .contains("kintsugi_store_batch_seconds_count")
          .contains("kintsugi_incidents_open");
      List<String> none = new ArrayList<>();
      assertThat(none).isEmpty();
    }
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
