package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 through the real ingest HTTP path: no secret of the findings reaches a REST response, a
 * database row or the bytes of any file the server wrote (journal segments, H2 files); an event
 * nested 1000 levels deep is stored normalised and its incident reads 200.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScrubbingEndToEndTest {
  KintsugiServer server;
  ServerFixture api;

  @BeforeAll
  void start(@TempDir Path dir) {
    server = start(dir, dir.resolve("journal"));
    api = new ServerFixture(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static KintsugiServer start(Path dir, Path journal) {
    return KintsugiServer.start(
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dbUrl("jdbc:h2:file:" + dir.resolve("db/kintsugi").toAbsolutePath())
            .journalDir(journal)
            .adminToken(ServerFixture.TOKEN)
            .build());
  }

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static byte[] envelope(String eventId, String event) {
    byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
    String head =
        "{\"event_id\":\""
            + eventId
            + "\"}\n{\"type\":\"event\",\"length\":"
            + bytes.length
            + "}\n";
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[h.length + bytes.length + 1];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(bytes, 0, out, h.length, bytes.length);
    out[out.length - 1] = '\n';
    return out;
  }

  private long ingest(String name, String... events) throws Exception {
    return ingest(server, api, name, events);
  }

  private static long ingest(
      KintsugiServer server, ServerFixture api, String name, String... events) throws Exception {
    JsonNode project = api.createProject(name, "[\"com.acme\"]");
    long pid = project.path("id").asLong();
    for (String event : events) {
      String eventId = ServerFixture.JSON.readTree(event).path("event_id").asText();
      HttpResponse<String> r =
          api.postEnvelope(pid, ServerFixture.key(project), envelope(eventId, event));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    assertThat(server.awaitIngested(Duration.ofSeconds(15))).isTrue();
    return pid;
  }

  @Test
  void noSecretOfTheFindingsIsInRestResponsesDatabaseRowsOrFilesOnDisk(@TempDir Path dir)
      throws Exception {
    // A server of its own, closed before its files are read, so the database is on disk too.
    Path journal = dir.resolve("journal");
    StringBuilder rest = new StringBuilder();
    StringBuilder rows = new StringBuilder();
    try (KintsugiServer own = start(dir, journal)) {
      ServerFixture client = new ServerFixture(own.port());
      long pid = ingest(own, client, "leaky", LeakyEvents.main(id()), LeakyEvents.queryPairs(id()));
      JsonNode incidents = client.getJson("/api/v1/projects/" + pid + "/incidents");
      assertThat(incidents).hasSize(2);
      rest.append(incidents);
      for (JsonNode i : incidents) {
        rest.append(client.getJson("/api/v1/incidents/" + i.path("id").asLong()));
      }
      for (Incident i : own.store().incidents(pid, 100)) {
        rows.append(i.title()).append('\n').append(i.culprit()).append('\n');
        StoredEvent e = own.store().latestEvent(i.id()).orElseThrow();
        rows.append(new String(e.payload(), StandardCharsets.UTF_8)).append('\n');
      }
    }
    List<Path> files = files(dir);
    assertThat(files).anyMatch(f -> f.startsWith(journal));
    assertThat(files).anyMatch(f -> f.getFileName().toString().endsWith(".mv.db"));

    for (String secret : LeakyEvents.secrets()) {
      assertThat(rest.toString()).as("REST").doesNotContain(secret);
      assertThat(rows.toString()).as("database rows").doesNotContain(secret);
      byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
      for (Path f : files) {
        assertThat(indexOf(read(f), needle)).as(secret + " in " + f).isEqualTo(-1);
      }
    }
    // The check can fail: the text kept around the secrets is in the journal's bytes.
    byte[] kept = "login failed pw=[Filtered]".getBytes(StandardCharsets.UTF_8);
    assertThat(files).anyMatch(f -> f.startsWith(journal) && indexOf(read(f), kept) >= 0);
  }

  @Test
  void aPasswordInTheExceptionValueNeverReachesTheIncidentTitle() throws Exception {
    long pid = ingest("title", LeakyEvents.main(id()));
    JsonNode incident = api.getJson("/api/v1/projects/" + pid + "/incidents").get(0);
    assertThat(incident.path("title").asText())
        .isEqualTo("IllegalStateException: login failed pw=[Filtered]")
        .doesNotContain(LeakyEvents.TITLE_SECRET);
    JsonNode detail = api.getJson("/api/v1/incidents/" + incident.path("id").asLong());
    assertThat(detail.toString()).doesNotContain(LeakyEvents.TITLE_SECRET);
  }

  @Test
  void anEventNested1000LevelsDeepIsStoredNormalisedAndItsIncidentReads200() throws Exception {
    String eventId = id();
    // The event object, extra, then 998 more: 1000 levels, Jackson's default read limit.
    String deep = "{\"a\":".repeat(998) + "1" + "}".repeat(998);
    String event = "{\"event_id\":\"" + eventId + "\",\"message\":\"deep\",\"extra\":" + deep + "}";
    long pid = ingest("deep", event);
    long iid = api.getJson("/api/v1/projects/" + pid + "/incidents").get(0).path("id").asLong();

    HttpResponse<String> r = api.get("/api/v1/incidents/" + iid);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode payload = ServerFixture.JSON.readTree(r.body()).path("latestEvent").path("payload");
    String tenth = "/extra" + "/a".repeat(9);
    assertThat(payload.at(tenth).isObject()).isTrue();
    assertThat(payload.at(tenth + "/a").asText()).isEqualTo("<kintsugi:depth>");
    assertThat(payload.path("message").asText()).isEqualTo("deep");
  }

  private static List<Path> files(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).forEach(out::add);
    }
    return out;
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
