package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog of acknowledged events the database has not taken yet is bounded: past its limit ingest
 * answers 429 with {@code Retry-After}, and what was acknowledged is still stored.
 */
class IngestBacklogTest {
  @TempDir Path dir;

  @Test
  void aFullBacklogAnswers429AndKeepsWhatWasAcknowledged() throws Exception {
    Path journal = dir.resolve("journal");
    String db = "jdbc:h2:file:" + dir.resolve("kintsugi").toAbsolutePath();
    String first = id();
    String second = id();
    JsonNode project;
    try (KintsugiServer server =
        KintsugiServer.start(
            config(db, journal)
                .maxBacklogBytes(600)
                // After each commit the applier rests this long: the backlog cannot drain.
                .applyLinger(Duration.ofSeconds(60))
                .build())) {
      ServerFixture api = new ServerFixture(server.port());
      project = api.createProject("busy", "[]");
      long pid = project.path("id").asLong();
      String key = ServerFixture.key(project);

      assertThat(post(api, pid, key, first).statusCode()).isEqualTo(200);
      // The REST read waits for the first event; then the applier rests.
      assertThat(api.getJson("/api/v1/projects/" + pid + "/incidents")).hasSize(1);
      assertThat(post(api, pid, key, second).statusCode()).isEqualTo(200);

      HttpResponse<String> refused = post(api, pid, key, id());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).contains("1");
      assertThat(refused.body()).contains("not yet in the database, at its quota of 600 bytes");
      assertThat(api.get("/metrics").body())
          .contains("kintsugi_events_rejected_total{reason=\"overloaded\"} 1.0");
      assertThat(Files.isDirectory(server.journalDir())).isTrue();
    } // a clean stop applies the backlog

    try (KintsugiServer again = KintsugiServer.start(config(db, journal).build())) {
      assertThat(again.store().eventIds(project.path("id").asLong()))
          .containsExactlyInAnyOrder(first, second);
    }
  }

  private static ServerConfig.Builder config(String db, Path journal) {
    return ServerConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .dbUrl(db)
        .adminToken(ServerFixture.TOKEN)
        .journalDir(journal);
  }

  private static HttpResponse<String> post(ServerFixture api, long pid, String key, String id)
      throws Exception {
    return api.postEnvelope(
        pid,
        key,
        ServerFixture.envelope(id, "IllegalStateException", "run")
            .getBytes(StandardCharsets.UTF_8));
  }

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
