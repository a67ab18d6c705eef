package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Project registration over HTTP: every bad value a 400, never a 500; ids on every response. */
class RestApiHardeningTest {

  @TempDir Path dir;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private KintsugiServer server;
  private ServerFixture api;
  private Path repos;

  @BeforeEach
  void start() throws Exception {
    repos = Files.createDirectories(dir.resolve("repos"));
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db/kintsugi").toAbsolutePath())
                .adminToken(ServerFixture.TOKEN)
                .repoRoot(repos)
                .build(),
            null,
            log::add);
    api = new ServerFixture(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> register(String body) throws Exception {
    return api.send("POST", "/api/v1/projects", body);
  }

  private void badRequest(String body, String message) throws Exception {
    HttpResponse<String> r = register(body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(ServerFixture.JSON.readTree(r.body()).get("error").asText()).contains(message);
  }

  @Test
  void refusesEachBadRegistrationWithA400NamingTheField() throws Exception {
    Files.createSymbolicLink(repos.resolve("escape"), dir);
    badRequest("{\"name\":\"a\",\"repo\":\"relative/shop\"}", "repo must be an absolute path");
    badRequest("{\"name\":\"a\",\"repo\":\"file:///etc\"}", "repo must be an absolute path");
    badRequest("{\"name\":\"a\",\"repo\":\"" + repos + "/../db\"}", "not under a repository root");
    badRequest("{\"name\":\"a\",\"repo\":\"" + repos + "/escape\"}", "not under a repository root");
    badRequest(
        "{\"name\":\"a\",\"repo\":\"https://h/" + "r".repeat(5000) + "\"}", "repo is too long");
    badRequest("{\"name\":\"a\",\"repo\":\"https://u:p@h/r\"}", "credentials");
    badRequest("{\"name\":\"a\",\"repo\":7}", "repo must be a string");
    badRequest("{\"name\":\"" + "n".repeat(5000) + "\"}", "name must be 1-200 characters");
    badRequest("{\"name\":{}}", "name is required");
    badRequest("{\"name\":\"a\",\"inAppPrefixes\":[\"com.acme;drop\"]}", "Java package names");
    badRequest(
        "{\"name\":\"a\",\"inAppPrefixes\":[\"" + "p".repeat(2500) + "\"]}", "too long together");
    badRequest("{\"name\":\"a\",\"autoHeal\":[\"new\"]}", "autoHeal must be one of");
    badRequest("{\"name\":\"a\",\"healThreshold\":1e99}", "healThreshold");
    badRequest("{\"name\":\"a\",\"inAppPackages\":[\"com.acme\"]}", "unknown field");
    assertThat(api.getJson("/api/v1/projects")).isEmpty();
    assertThat(log).noneMatch(line -> line.contains("failed with 500"));
  }

  @Test
  void registersALocalRepositoryUnderARootResolved() throws Exception {
    Path shop = Files.createDirectories(repos.resolve("shop"));
    HttpResponse<String> r =
        register("{\"name\":\"shop\",\"repo\":\"" + repos + "/./shop\",\"autoHeal\":\"off\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(ServerFixture.JSON.readTree(r.body()).get("repo").asText())
        .isEqualTo(shop.toRealPath().toString());
  }

  @Test
  void updatesAreCheckedToo() throws Exception {
    long id = api.createProject("p", "[]").get("id").asLong();
    HttpResponse<String> unknown =
        api.send("PATCH", "/api/v1/projects/" + id, "{\"autoHeal\":\"off\",\"repo\":\"/x\"}");
    HttpResponse<String> threshold =
        api.send(
            "PATCH",
            "/api/v1/projects/" + id,
            "{\"autoHeal\":\"threshold\",\"healThreshold\":\"lots\"}");

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown field 'repo'");
    assertThat(threshold.statusCode()).isEqualTo(400);
    assertThat(api.getJson("/api/v1/projects/" + id).get("autoHeal").asText()).isEqualTo("new");
  }

  @Test
  void everyResponseCarriesARequestId() throws Exception {
    JsonNode p = api.createProject("ids", "[]");
    HttpResponse<String> ingest =
        api.postEnvelope(
            p.get("id").asLong(),
            ServerFixture.key(p),
            ServerFixture.envelope("c".repeat(32), "E", "f").getBytes(StandardCharsets.UTF_8),
            "X-Request-Id",
            "from-the-sdk-1");

    assertThat(ingest.headers().firstValue("X-Request-Id")).contains("from-the-sdk-1");
    assertThat(api.get("/api/v1/projects").headers().firstValue("X-Request-Id")).isPresent();
    assertThat(api.get("/api/v1/nothing").headers().firstValue("X-Request-Id")).isPresent();
    assertThat(api.get("/healthz").headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void readsAnIncidentWhoseEventIsNestedAsDeepAsIngestAllows() throws Exception {
    JsonNode p = api.createProject("deep", "[]");
    String eventId = "d".repeat(32);
    String extra = "[".repeat(998) + "1" + "]".repeat(998);
    String event =
        "{\"event_id\":\""
            + eventId
            + "\",\"level\":\"error\",\"extra\":{\"deep\":"
            + extra
            + "},\"exception\":{\"values\":[{\"type\":\"E\",\"value\":\"v\"}]}}";
    byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
    String envelope =
        "{\"event_id\":\""
            + eventId
            + "\"}\n{\"type\":\"event\",\"length\":"
            + bytes.length
            + "}\n"
            + event
            + "\n";
    HttpResponse<String> sent =
        api.postEnvelope(
            p.get("id").asLong(), ServerFixture.key(p), envelope.getBytes(StandardCharsets.UTF_8));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);

    long incident =
        api.getJson("/api/v1/projects/" + p.get("id").asLong() + "/incidents")
            .get(0)
            .get("id")
            .asLong();
    HttpResponse<String> detail = api.get("/api/v1/incidents/" + incident);
    assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
    assertThat(detail.body()).as("normalised at ingest").contains("<kintsugi:depth>");

    // An event stored before ingest normalised depth still reads: the payload is copied as is.
    server.close();
    try (dev.kintsugi.server.store.Database db =
            dev.kintsugi.server.store.Database.open(
                "jdbc:h2:file:" + dir.resolve("db/kintsugi").toAbsolutePath());
        java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("UPDATE event SET payload = ?")) {
      ps.setBytes(1, bytes);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    start();
    HttpResponse<String> old = api.get("/api/v1/incidents/" + incident);
    assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
    assertThat(old.body()).contains("\"deep\":" + extra);
  }
}
