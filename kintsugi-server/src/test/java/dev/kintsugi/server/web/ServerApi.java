package dev.kintsugi.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The REST API (with the admin token) and ingest of a server under test, for checking what the
 * dashboard shows and did against what the server says.
 */
final class ServerApi {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final String token;

  ServerApi(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code /api/v1/...} that must answer 200. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1" + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " → " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The key of a DSN ({@code http://KEY@host/ID}). */
  static String key(String dsn) {
    return dsn.substring(dsn.indexOf("://") + 3, dsn.indexOf('@'));
  }

  /**
   * Sends one Java exception event to the store endpoint with {@code key}; events thrown from the
   * same {@code function} group into one incident. Returns the ingest's status.
   */
  int event(long project, String key, String eventId, String function)
      throws IOException, InterruptedException {
    ObjectNode frame =
        JSON.createObjectNode()
            .put("module", "com.acme.Svc")
            .put("function", function)
            .put("lineno", 12)
            .put("in_app", true);
    ObjectNode exception =
        JSON.createObjectNode().put("type", "IllegalStateException").put("value", "boom");
    exception.putObject("stacktrace").putArray("frames").add(frame);
    ObjectNode event =
        JSON.createObjectNode()
            .put("event_id", eventId)
            .put("level", "error")
            .put("platform", "java");
    event.putObject("exception").putArray("values").add(exception);
    return event(project, key, event.toString());
  }

  /** Sends one event (JSON, as an SDK would) to the store endpoint; returns the ingest's status. */
  int event(long project, String key, String eventJson) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/" + project + "/store/"))
            .header("Content-Type", "application/json")
            .header(
                "X-Sentry-Auth", "Sentry sentry_version=7, sentry_client=test/1, sentry_key=" + key)
            .POST(HttpRequest.BodyPublishers.ofString(eventJson))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
