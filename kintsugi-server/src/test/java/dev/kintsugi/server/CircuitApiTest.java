package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The circuits over HTTP: opened and closed by the admin, polled by the agents with the DSN key,
 * against a real server on H2.
 */
class CircuitApiTest {
  static final String QUOTE = "/circuits/com.acme.Pricing%23quote";

  @TempDir Path dir;
  private KintsugiServer server;
  private ServerFixture api;
  private long project;
  private String key;

  @BeforeEach
  void start() throws Exception {
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .adminToken(ServerFixture.TOKEN)
                .build());
    api = new ServerFixture(server.port());
    JsonNode p = api.createProject("shop", "[\"com.acme\"]");
    project = p.path("id").asLong();
    key = ServerFixture.key(p);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String base() {
    return "/api/v1/projects/" + project;
  }

  private HttpResponse<String> poll(String auth, String etag, String query)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(api.base + "/api/" + project + "/kintsugi/circuits/" + query))
            .timeout(Duration.ofSeconds(10));
    if (auth != null) {
      b.header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + auth);
    }
    if (etag != null) {
      b.header("If-None-Match", etag);
    }
    return api.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  class Admin {
    @Test
    void aCircuitIsOpenedListedAndClosed() throws Exception {
      HttpResponse<String> put =
          api.send("PUT", base() + QUOTE, "{\"fallback\": 0, \"ttlSeconds\": 120}");
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      JsonNode opened = ServerFixture.JSON.readTree(put.body());
      assertThat(opened.path("method").asText()).isEqualTo("com.acme.Pricing#quote");
      assertThat(opened.path("mode").asText()).isEqualTo("fallback");
      assertThat(opened.path("fallback").asText()).isEqualTo("0");
      assertThat(opened.path("openedBy").asText()).isEqualTo("admin");
      assertThat(
              Duration.between(
                  java.time.Instant.parse(opened.path("openedAt").asText()),
                  java.time.Instant.parse(opened.path("expiresAt").asText())))
          .isEqualTo(Duration.ofSeconds(120));

      api.send("PUT", base() + "/circuits/com.acme.Stock%23count", "{\"mode\": \"fail\"}");
      JsonNode list = api.getJson(base() + "/circuits");
      assertThat(list).hasSize(2);
      assertThat(list.get(1).path("method").asText()).isEqualTo("com.acme.Stock#count");
      assertThat(list.get(1).path("mode").asText()).isEqualTo("fail");
      assertThat(list.get(1).path("fallback").isNull()).isTrue();
      assertThat(api.getJson(base() + QUOTE).path("fallback").asText()).isEqualTo("0");

      assertThat(api.send("DELETE", base() + QUOTE, "").statusCode()).isEqualTo(204);
      assertThat(api.send("DELETE", base() + QUOTE, "").statusCode()).isEqualTo(404);
      assertThat(api.get(base() + QUOTE).statusCode()).isEqualTo(404);
      assertThat(api.getJson(base() + "/circuits")).hasSize(1);

      JsonNode trail = api.getJson("/api/v1/audit?project=" + project);
      assertThat(trail.toString())
          .contains("circuit.opened")
          .contains("circuit.closed")
          .contains("com.acme.Pricing#quote");
    }

    @Test
    void emptyContainersAndStringsAreFallbackLiterals() throws Exception {
      assertThat(
              ServerFixture.JSON
                  .readTree(api.send("PUT", base() + QUOTE, "{\"fallback\": []}").body())
                  .path("fallback")
                  .asText())
          .isEqualTo("[]");
      assertThat(
              ServerFixture.JSON
                  .readTree(api.send("PUT", base() + QUOTE, "{\"fallback\": \"n/a\"}").body())
                  .path("fallback")
                  .asText())
          .isEqualTo("n/a");
      assertThat(
              ServerFixture.JSON
                  .readTree(api.send("PUT", base() + QUOTE, "{\"fallback\": null}").body())
                  .path("fallback")
                  .asText())
          .isEqualTo("null");
    }

    @Test
    void badRequestsAreRefusedNamingTheProblem() throws Exception {
      String[][] cases = {
        {base() + "/circuits/Pricing", "{}", "com.acme.Pricing#quote"},
        {base() + QUOTE, "{\"colour\": 1}", "unknown circuit field 'colour'"},
        {base() + QUOTE, "{\"mode\": \"fallback\"}", "needs a fallback"},
        {base() + QUOTE, "{\"mode\": \"fail\", \"fallback\": \"0\"}", "takes no fallback"},
        {base() + QUOTE, "{\"mode\": \"open\"}", "fallback or fail"},
        {base() + QUOTE, "{\"ttlSeconds\": 0}", "ttl"},
        {base() + QUOTE, "{\"ttlSeconds\": \"soon\"}", "ttlSeconds"},
        {base() + QUOTE, "{\"fallback\": [1]}", "empty containers"},
        {base() + QUOTE, "[1]", "JSON object"},
        {base() + QUOTE, "{", "not valid JSON"},
      };
      for (String[] c : cases) {
        HttpResponse<String> r = api.send("PUT", c[0], c[1]);
        assertThat(r.statusCode()).as(c[1]).isEqualTo(400);
        assertThat(r.body()).as(c[1]).contains(c[2]);
      }
      assertThat(api.send("PUT", "/api/v1/projects/99" + QUOTE, "{}").statusCode()).isEqualTo(404);
      assertThat(api.getJson(base() + "/circuits")).isEmpty();
    }

    @Test
    void theAdminRoutesNeedTheToken() throws Exception {
      HttpResponse<String> r =
          api.http.send(
              HttpRequest.newBuilder(URI.create(api.base + base() + "/circuits")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
    }
  }

  @Nested
  class AgentPoll {
    @Test
    void answersTheActiveCircuitsWithAVersionAndNotModifiedWhileItHolds() throws Exception {
      api.send("PUT", base() + QUOTE, "{\"fallback\": \"0\", \"ttlSeconds\": 60}");
      api.send("PUT", base() + "/circuits/com.acme.Stock%23count", "{\"mode\": \"fail\"}");

      HttpResponse<String> first = poll(key, null, "");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      JsonNode body = ServerFixture.JSON.readTree(first.body());
      String etag = first.headers().firstValue("ETag").orElseThrow();
      assertThat(etag).isEqualTo("\"" + body.path("version").asText() + "\"");
      JsonNode circuits = body.path("circuits");
      assertThat(circuits).hasSize(2);
      assertThat(circuits.get(0).path("method").asText()).isEqualTo("com.acme.Pricing#quote");
      assertThat(circuits.get(0).path("mode").asText()).isEqualTo("fallback");
      assertThat(circuits.get(0).path("fallback").asText()).isEqualTo("0");
      assertThat(circuits.get(0).path("ttlSeconds").asLong()).isBetween(55L, 60L);
      assertThat(circuits.get(1).path("mode").asText()).isEqualTo("fail");
      assertThat(circuits.get(1).path("fallback").isNull()).isTrue();

      HttpResponse<String> same = poll(key, etag, "");
      assertThat(same.statusCode()).isEqualTo(304);
      assertThat(same.body()).isEmpty();

      api.send("DELETE", base() + QUOTE, "");
      HttpResponse<String> changed = poll(key, etag, "");
      assertThat(changed.statusCode()).isEqualTo(200);
      assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
      assertThat(ServerFixture.JSON.readTree(changed.body()).path("circuits")).hasSize(1);
    }

    @Test
    void noCircuitsIsAnEmptyListAndTheKeyMayComeInTheQuery() throws Exception {
      HttpResponse<String> r = poll(null, null, "?sentry_key=" + key);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(ServerFixture.JSON.readTree(r.body()).path("circuits")).isEmpty();
    }

    @Test
    void aMissingOrWrongKeyOrAnotherProjectIsRefused() throws Exception {
      assertThat(poll(null, null, "").statusCode()).isEqualTo(401);
      assertThat(poll("not-the-key", null, "").statusCode()).isEqualTo(401);
      JsonNode other = api.createProject("other", "[\"com.acme\"]");
      assertThat(poll(ServerFixture.key(other), null, "").statusCode()).isEqualTo(401);
      HttpResponse<String> admin =
          api.http.send(
              HttpRequest.newBuilder(
                      URI.create(api.base + "/api/" + project + "/kintsugi/circuits/"))
                  .header("Authorization", "Bearer " + ServerFixture.TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(admin.statusCode()).isEqualTo(401);
    }
  }
}
