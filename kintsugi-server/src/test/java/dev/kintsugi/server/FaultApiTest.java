package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults over HTTP: injected and removed by the admin for a named experiment, handed to the
 * agents with the circuits, against a real server on H2.
 */
class FaultApiTest {
  static final String QUOTE = "/faults/com.acme.Pricing%23quote";
  static final String SLOW =
      "{\"kind\": \"latency\", \"latencyMs\": 1500, \"experiment\": \"shop-latency\"}";

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

  private HttpResponse<String> poll(String etag) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(api.base + "/api/" + project + "/kintsugi/circuits/?sentry_key=" + key))
            .timeout(Duration.ofSeconds(10));
    if (etag != null) {
      b.header("If-None-Match", etag);
    }
    return api.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aLatencyFaultIsInjectedWithItsDefaultsListedAndRemoved() throws Exception {
    HttpResponse<String> put = api.send("PUT", base() + QUOTE, SLOW);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonNode f = ServerFixture.JSON.readTree(put.body());
    assertThat(f.path("method").asText()).isEqualTo("com.acme.Pricing#quote");
    assertThat(f.path("kind").asText()).isEqualTo("latency");
    assertThat(f.path("latencyMs").asLong()).isEqualTo(1500);
    assertThat(f.path("exception").isNull()).isTrue();
    assertThat(f.path("probability").asDouble()).isEqualTo(1.0);
    assertThat(f.path("experiment").asText()).isEqualTo("shop-latency");
    assertThat(f.path("injectedBy").asText()).isEqualTo("admin");
    assertThat(
            Duration.between(
                Instant.parse(f.path("injectedAt").asText()),
                Instant.parse(f.path("expiresAt").asText())))
        .isEqualTo(Duration.ofSeconds(300));

    HttpResponse<String> error =
        api.send(
            "PUT",
            base() + "/faults/com.acme.Stock%23count",
            "{\"kind\": \"error\", \"exception\": \"java.lang.IllegalStateException\","
                + " \"message\": \"chaos\", \"probability\": 0.5, \"experiment\": \"e\","
                + " \"ttlSeconds\": 120}");
    assertThat(error.statusCode()).as(error.body()).isEqualTo(200);
    JsonNode list = api.getJson(base() + "/faults");
    assertThat(list).hasSize(2);
    assertThat(list.get(1).path("kind").asText()).isEqualTo("error");
    assertThat(list.get(1).path("exception").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(list.get(1).path("message").asText()).isEqualTo("chaos");
    assertThat(list.get(1).path("probability").asDouble()).isEqualTo(0.5);
    assertThat(list.get(1).path("latencyMs").isNull()).isTrue();
    assertThat(api.getJson(base() + QUOTE).path("latencyMs").asLong()).isEqualTo(1500);

    assertThat(api.send("DELETE", base() + QUOTE, "").statusCode()).isEqualTo(204);
    assertThat(api.send("DELETE", base() + QUOTE, "").statusCode()).isEqualTo(404);
    assertThat(api.get(base() + QUOTE).statusCode()).isEqualTo(404);
    assertThat(api.getJson(base() + "/faults")).hasSize(1);

    String trail = api.getJson("/api/v1/audit?project=" + project).toString();
    assertThat(trail).contains("fault.injected").contains("fault.removed").contains("shop-latency");
  }

  @Test
  void anErrorFaultDefaultsToARuntimeExceptionNamingTheExperiment() throws Exception {
    JsonNode f =
        ServerFixture.JSON.readTree(
            api.send("PUT", base() + QUOTE, "{\"kind\": \"error\", \"experiment\": \"boom\"}")
                .body());
    assertThat(f.path("exception").asText()).isEqualTo("java.lang.RuntimeException");
    assertThat(f.path("message").asText()).contains("boom");
  }

  @Test
  void badRequestsAreRefusedNamingTheField() throws Exception {
    String[][] cases = {
      {base() + "/faults/Pricing", SLOW, "com.acme.Pricing#quote"},
      {base() + QUOTE, "{\"kind\": \"latency\", \"latencyMs\": 10}", "experiment is required"},
      {
        base() + QUOTE,
        "{\"kind\": \"latency\", \"latencyMs\": 10, \"experiment\": \" \"}",
        "experiment is required"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"latency\", \"latencyMs\": 10, \"experiment\": 7}",
        "experiment must be a string"
      },
      {base() + QUOTE, "{\"experiment\": \"e\"}", "kind is required"},
      {base() + QUOTE, "{\"kind\": \"slow\", \"experiment\": \"e\"}", "kind is required"},
      {base() + QUOTE, "{\"kind\": \"latency\", \"experiment\": \"e\"}", "latencyMs is required"},
      {
        base() + QUOTE,
        "{\"kind\": \"latency\", \"latencyMs\": 0, \"experiment\": \"e\"}",
        "latencyMs must be from 1 to 60000"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"latency\", \"latencyMs\": 60001, \"experiment\": \"e\"}",
        "latencyMs must be from 1 to 60000"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"latency\", \"latencyMs\": 1.5, \"experiment\": \"e\"}",
        "latencyMs must be a whole number"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"latency\", \"latencyMs\": 5, \"message\": \"m\", \"experiment\": \"e\"}",
        "message does not apply to kind latency"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"latencyMs\": 5, \"experiment\": \"e\"}",
        "latencyMs does not apply to kind error"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"exception\": \"new Foo()\", \"experiment\": \"e\"}",
        "exception must be a class's binary name"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"probability\": 0, \"experiment\": \"e\"}",
        "probability must be above 0 and at most 1"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"probability\": 1.5, \"experiment\": \"e\"}",
        "probability must be above 0 and at most 1"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"probability\": \"all\", \"experiment\": \"e\"}",
        "probability must be a number"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"ttlSeconds\": 3601, \"experiment\": \"e\"}",
        "ttlSeconds must be from 1 to 3600"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"ttlSeconds\": 0, \"experiment\": \"e\"}",
        "ttlSeconds must be from 1 to 3600"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"ttlSeconds\": \"5m\", \"experiment\": \"e\"}",
        "ttlSeconds must be a whole number"
      },
      {
        base() + QUOTE,
        "{\"kind\": \"error\", \"experiment\": \"e\", \"colour\": 1}",
        "unknown fault field 'colour'"
      },
      {base() + QUOTE, "[1]", "JSON object"},
      {base() + QUOTE, "{", "not valid JSON"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = api.send("PUT", c[0], c[1]);
      assertThat(r.statusCode()).as(c[1]).isEqualTo(400);
      assertThat(r.body()).as(c[1]).contains(c[2]);
    }
    assertThat(api.send("PUT", "/api/v1/projects/99" + QUOTE, SLOW).statusCode()).isEqualTo(404);
    assertThat(api.getJson(base() + "/faults")).isEmpty();
    assertThat(api.getJson("/api/v1/audit?project=" + project).toString())
        .doesNotContain("fault.injected");
  }

  @Test
  void theAdminRoutesNeedTheToken() throws Exception {
    HttpResponse<String> r =
        api.http.send(
            HttpRequest.newBuilder(URI.create(api.base + base() + QUOTE))
                .PUT(HttpRequest.BodyPublishers.ofString(SLOW))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(api.getJson(base() + "/faults")).isEmpty();
  }

  @Test
  void theAgentsPollCarriesTheFaultsNextToTheCircuitsUnderOneVersion() throws Exception {
    HttpResponse<String> before = poll(null);
    String emptyTag = before.headers().firstValue("ETag").orElseThrow();
    assertThat(ServerFixture.JSON.readTree(before.body()).path("faults")).isEmpty();

    api.send("PUT", base() + "/circuits/com.acme.Pricing%23quote", "{\"fallback\": 0}");
    api.send("PUT", base() + QUOTE, SLOW);
    api.send(
        "PUT",
        base() + "/faults/com.acme.Stock%23count",
        "{\"kind\": \"error\", \"exception\": \"java.lang.IllegalStateException\","
            + " \"message\": \"chaos\", \"probability\": 0.5, \"experiment\": \"e\","
            + " \"ttlSeconds\": 120}");
    HttpResponse<String> first = poll(emptyTag);
    assertThat(first.statusCode()).isEqualTo(200);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    JsonNode body = ServerFixture.JSON.readTree(first.body());
    assertThat(body.path("circuits")).hasSize(1);
    JsonNode faults = body.path("faults");
    assertThat(faults).hasSize(2);
    assertThat(faults.get(0).path("method").asText()).isEqualTo("com.acme.Pricing#quote");
    assertThat(faults.get(0).path("kind").asText()).isEqualTo("latency");
    assertThat(faults.get(0).path("latencyMs").asLong()).isEqualTo(1500);
    assertThat(faults.get(0).path("probability").asDouble()).isEqualTo(1.0);
    assertThat(faults.get(0).path("ttlSeconds").asLong()).isBetween(295L, 300L);
    assertThat(faults.get(0).has("exception")).isFalse();
    assertThat(faults.get(1).path("kind").asText()).isEqualTo("error");
    assertThat(faults.get(1).path("exception").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(faults.get(1).path("message").asText()).isEqualTo("chaos");
    assertThat(faults.get(1).path("probability").asDouble()).isEqualTo(0.5);
    assertThat(faults.get(1).has("latencyMs")).isFalse();
    assertThat(faults.get(1).has("experiment")).isFalse();

    assertThat(poll(etag).statusCode()).isEqualTo(304);
    api.send("DELETE", base() + QUOTE, "");
    HttpResponse<String> changed = poll(etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(ServerFixture.JSON.readTree(changed.body()).path("faults")).hasSize(1);
    assertThat(ServerFixture.JSON.readTree(changed.body()).path("circuits")).hasSize(1);
  }
}
