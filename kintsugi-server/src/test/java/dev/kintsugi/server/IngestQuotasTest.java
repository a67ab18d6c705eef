package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.server.ingest.Limits;
import dev.kintsugi.server.journal.IngestJournal;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.ProjectQuotas;
import io.sentry.Sentry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: ingest quotas, event-id de-duplication and the journal's disk footprint. */
class IngestQuotasTest {
  @TempDir Path dir;

  ServerConfig.Builder config() {
    return ServerConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .dbUrl("jdbc:h2:file:" + dir.resolve("kintsugi").toAbsolutePath())
        .adminToken(ServerFixture.TOKEN)
        .journalDir(dir.resolve("journal"));
  }

  static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  static long journalBytes(Path journal) throws IOException {
    try (Stream<Path> files = Files.walk(journal)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void theAmplificationEnvelopeIsRefusedAndNothingIsWritten() throws Exception {
    try (KintsugiServer server = KintsugiServer.start(config().build())) {
      ServerFixture api = new ServerFixture(server.port());
      JsonNode project = api.createProject("amp", "[]");
      long pid = project.path("id").asLong();
      // The finding: 19 events of 1 MB each (under the 1 MB event limit) in one gzipped envelope.
      StringBuilder env = new StringBuilder("{\"event_id\":\"" + id() + "\"}\n");
      for (int i = 0; i < 19; i++) {
        String event = "{\"message\":\"" + "a".repeat(1_000_000 - 14) + "\"}";
        env.append("{\"type\":\"event\",\"length\":").append(event.length()).append("}\n");
        env.append(event).append('\n');
      }
      byte[] wire = gzip(env.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(wire.length).isLessThan(40_000);
      long before = journalBytes(server.journalDir());

      HttpResponse<String> r =
          api.postEnvelope(pid, ServerFixture.key(project), wire, "Content-Encoding", "gzip");

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("more than 1 event or transaction item");
      assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
      assertThat(server.store().eventIds(pid)).isEmpty();
      assertThat(journalBytes(server.journalDir()) - before).isZero();
      assertThat(api.get("/metrics").body())
          .contains("kintsugi_events_rejected_total{reason=\"too_many_events\"} 1.0");
    }
  }

  @Test
  void anEventThatScrubbingGrowsPastTheEventLimitIs413() throws Exception {
    try (KintsugiServer server = KintsugiServer.start(config().build())) {
      ServerFixture api = new ServerFixture(server.port());
      JsonNode project = api.createProject("grow", "[]");
      long pid = project.path("id").asLong();
      // ~950,000 bytes as sent, within every normalisation cap (90 keys of 100 strings of 100
      // characters); each "password=x" becomes "password=[Filtered]" when stored: ~1.7 MB.
      String text = "password=x ".repeat(9);
      StringBuilder extra = new StringBuilder();
      for (int k = 0; k < 90; k++) {
        extra.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":[");
        for (int i = 0; i < 100; i++) {
          extra.append(i == 0 ? "" : ",").append('"').append(text).append('"');
        }
        extra.append(']');
      }
      String event = "{\"message\":\"m\",\"extra\":{" + extra + "}}";
      assertThat(event.length()).isLessThan(1024 * 1024);
      String env = "{}\n{\"type\":\"event\",\"length\":" + event.length() + "}\n" + event + "\n";

      HttpResponse<String> r =
          api.postEnvelope(pid, ServerFixture.key(project), env.getBytes(StandardCharsets.UTF_8));

      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.body()).contains("after normalisation");
      assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
      assertThat(server.store().eventIds(pid)).isEmpty();
    }
  }

  @Test
  void aProjectOverItsRateGets429WithSentryRateLimitHeaders() throws Exception {
    try (KintsugiServer server =
        KintsugiServer.start(config().limits(Limits.sentry().withEventsPerMinute(2)).build())) {
      ServerFixture api = new ServerFixture(server.port());
      JsonNode project = api.createProject("rate", "[]");
      long pid = project.path("id").asLong();
      String key = ServerFixture.key(project);
      for (int i = 0; i < 2; i++) {
        assertThat(post(api, pid, key, id()).statusCode()).isEqualTo(200);
      }

      HttpResponse<String> r = post(api, pid, key, id());

      assertThat(r.statusCode()).isEqualTo(429);
      // 2 per minute: the next event fits in 30 s.
      String retry = r.headers().firstValue("Retry-After").orElseThrow();
      assertThat(Long.parseLong(retry)).isBetween(29L, 30L);
      assertThat(r.headers().firstValue("X-Sentry-Rate-Limits"))
          .contains(retry + ":error;default:project:project_quota");
      assertThat(r.body()).contains("events-per-minute quota");
      // Another project has its own allowance.
      JsonNode other = api.createProject("other", "[]");
      assertThat(post(api, other.path("id").asLong(), ServerFixture.key(other), id()).statusCode())
          .isEqualTo(200);
      assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
      assertThat(server.store().eventIds(pid)).hasSize(2);
    }
  }

  @Test
  void aProjectsOwnRateReplacesTheServerDefault() throws Exception {
    // A named in-memory H2 database is shared within the JVM: the test sets the project's rate
    // beside the server, as an operator would in the database.
    String url = "jdbc:h2:mem:quota-" + id() + ";DB_CLOSE_DELAY=-1";
    try (KintsugiServer server = KintsugiServer.start(config().dbUrl(url).build());
        Database db = Database.open(url)) {
      ServerFixture api = new ServerFixture(server.port());
      JsonNode slow = api.createProject("slow", "[]");
      JsonNode normal = api.createProject("normal", "[]");
      long slowId = slow.path("id").asLong();
      assertThat(new ProjectQuotas(db).setEventsPerMinute(slowId, OptionalInt.of(1))).isTrue();

      assertThat(post(api, slowId, ServerFixture.key(slow), id()).statusCode()).isEqualTo(200);
      HttpResponse<String> r = post(api, slowId, ServerFixture.key(slow), id());
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(59L, 60L));
      for (int i = 0; i < 3; i++) {
        assertThat(
                post(api, normal.path("id").asLong(), ServerFixture.key(normal), id()).statusCode())
            .isEqualTo(200);
      }
    }
  }

  @Test
  void theSentrySdkHoldsBackErrorsOnceRateLimited() throws Exception {
    try (KintsugiServer server =
        KintsugiServer.start(config().limits(Limits.sentry().withEventsPerMinute(2)).build())) {
      ServerFixture api = new ServerFixture(server.port());
      JsonNode project = api.createProject("sdk-rate", "[]");
      long pid = project.path("id").asLong();
      Sentry.init(o -> o.setDsn(project.path("dsn").asText()));
      try {
        for (int i = 0; i < 5; i++) {
          Sentry.captureException(new IllegalStateException("boom " + i));
          Sentry.flush(10_000);
        }
      } finally {
        Sentry.close();
      }
      assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
      assertThat(server.store().eventIds(pid)).hasSize(2);
      // Only the third reached the server and was refused; the SDK dropped the last two itself.
      assertThat(api.get("/metrics").body())
          .contains("kintsugi_events_rejected_total{reason=\"rate_limited\"} 1.0");
    }
  }

  @Test
  void anEventIdPostedFiveTimesIsStoredAndCountedOnceAcrossARestart() throws Exception {
    String eid = id();
    long pid;
    String key;
    try (KintsugiServer server = KintsugiServer.start(config().build())) {
      ServerFixture api = new ServerFixture(server.port());
      JsonNode project = api.createProject("retry", "[]");
      pid = project.path("id").asLong();
      key = ServerFixture.key(project);
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = post(api, pid, key, eid);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ServerFixture.JSON.readTree(r.body()).path("id").asText()).isEqualTo(eid);
      }
      assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
      assertThat(server.store().eventIds(pid)).containsExactly(eid);
      assertThat(count(api, pid)).isEqualTo(1);
      assertThat(api.get("/metrics").body()).contains("kintsugi_events_duplicate_total 4.0");
    }
    try (KintsugiServer again = KintsugiServer.start(config().build())) {
      ServerFixture api = new ServerFixture(again.port());
      assertThat(post(api, pid, key, eid).statusCode()).isEqualTo(200);
      assertThat(again.awaitIngested(Duration.ofSeconds(10))).isTrue();
      assertThat(again.store().eventIds(pid)).containsExactly(eid);
      assertThat(count(api, pid)).isEqualTo(1);
    }
  }

  @Test
  void anAppliedEventLeavesTheJournalFilesWithinTheSegmentAge() throws Exception {
    try (KintsugiServer server = KintsugiServer.start(config().build())) {
      ServerFixture api = new ServerFixture(server.port());
      JsonNode project = api.createProject("gone", "[]");
      String marker = "marker-" + id();
      HttpResponse<String> r =
          post(api, project.path("id").asLong(), ServerFixture.key(project), id(), marker);
      assertThat(r.statusCode()).isEqualTo(200);
      // Not asserted here that the journal held the marker: its segment may be older than the
      // segment age already and roll as soon as the event is applied (a loaded machine). That a
      // segment holds an event's text as is, so the search below can find it, IngestJournalTest
      // asserts.
      assertThat(server.awaitIngested(Duration.ofSeconds(10))).isTrue();
      assertThat(count(api, project.path("id").asLong())).isEqualTo(1);

      long deadline =
          System.nanoTime() + IngestJournal.DEFAULT_SEGMENT_AGE.plusSeconds(3).toNanos();
      List<Path> holding = filesContaining(server.journalDir(), marker);
      while (!holding.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        holding = filesContaining(server.journalDir(), marker);
      }
      assertThat(holding).isEmpty();
      assertOwnerOnly(server.journalDir());
    }
  }

  static void assertOwnerOnly(Path journal) throws IOException {
    try (Stream<Path> all = Files.walk(journal)) {
      for (Path p : all.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        assertThat(mode)
            .as(p.toString())
            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
  }

  static List<Path> filesContaining(Path journal, String marker) throws IOException {
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> all = Files.walk(journal)) {
      return all.filter(Files::isRegularFile)
          .filter(
              p -> {
                try {
                  return indexOf(Files.readAllBytes(p), needle) >= 0;
                } catch (IOException e) {
                  return false; // deleted meanwhile
                }
              })
          .toList();
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static long count(ServerFixture api, long pid) throws Exception {
    long sum = 0;
    for (JsonNode i : api.getJson("/api/v1/projects/" + pid + "/incidents")) {
      sum += i.path("count").asLong();
    }
    return sum;
  }

  static HttpResponse<String> post(ServerFixture api, long pid, String key, String eid)
      throws Exception {
    return post(api, pid, key, eid, "run");
  }

  static HttpResponse<String> post(
      ServerFixture api, long pid, String key, String eid, String function) throws Exception {
    return api.postEnvelope(
        pid,
        key,
        ServerFixture.envelope(eid, "IllegalStateException", function)
            .getBytes(StandardCharsets.UTF_8));
  }
}
