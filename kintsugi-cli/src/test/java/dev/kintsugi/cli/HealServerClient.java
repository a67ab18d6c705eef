package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The REST and ingest client of the end-to-end tests of a healing server: admin calls, the
 * production error the agent sends for {@code Cart.shipping(4)}, and waits for heals.
 */
final class HealServerClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String admin;
  private final List<String> said;

  /**
   * @param said what the server and healer reported, shown when a wait times out
   */
  HealServerClient(int port, String admin, List<String> said) {
    this.base = "http://127.0.0.1:" + port;
    this.admin = admin;
    this.said = said;
  }

  long incidentOf(long project) throws Exception {
    return json("GET", "/api/v1/projects/" + project + "/incidents", null, 200)
        .get(0)
        .get("id")
        .asLong();
  }

  /** The project's only heal run, once it ended. */
  JsonNode awaitRun(long project) throws Exception {
    return awaitRun(project, 1);
  }

  /** The {@code count}-th heal run of the project's only incident, once it ended. */
  JsonNode awaitRun(long project, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
    while (System.nanoTime() < deadline) {
      JsonNode incidents = get("/api/v1/projects/" + project + "/incidents");
      if (incidents.size() == 1) {
        JsonNode runs =
            get("/api/v1/incidents/" + incidents.get(0).get("id").asLong()).get("healingRuns");
        if (runs.size() == count
            && !runs.get(count - 1).get("status").asText().matches("queued|running")) {
          return runs.get(count - 1);
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the heal did not end in time:\n" + String.join("\n", said));
  }

  void awaitThat(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + ":\n" + String.join("\n", said));
      }
      Thread.sleep(200);
    }
  }

  /** The error the agent sends for Cart.shipping(4), of {@code release}, from production. */
  void post(long project, String key, String release) throws Exception {
    String eventId = UUID.randomUUID().toString().replace("-", "");
    String event =
        JSON.createObjectNode()
            .put("event_id", eventId)
            .put("level", "error")
            .put("platform", "java")
            .put("release", release)
            .put("environment", "production")
            .set(
                "exception",
                JSON.readTree(
                    """
                    {"values":[{"type":"java.lang.ArrayIndexOutOfBoundsException",
                      "value":"Index 4 out of bounds for length 4",
                      "stacktrace":{"frames":[
                        {"module":"java.lang.Thread","function":"run","filename":"Thread.java",
                         "lineno":840,"in_app":false},
                        {"module":"shop.Cart","function":"shipping","filename":"Cart.java",
                         "lineno":10,"in_app":true,"vars":{"kilos":4}}]}}]}
                    """))
            .toString();
    byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
    String envelope =
        "{\"event_id\":\""
            + eventId
            + "\"}\n{\"type\":\"event\",\"length\":"
            + bytes.length
            + "}\n"
            + event
            + "\n";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/" + project + "/envelope/"))
                .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
                .POST(HttpRequest.BodyPublishers.ofString(envelope))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  JsonNode get(String path) {
    try {
      return json("GET", path, null, 200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  JsonNode json(String method, String path, String body, int status) throws Exception {
    HttpResponse<String> r = send(method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + admin);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
