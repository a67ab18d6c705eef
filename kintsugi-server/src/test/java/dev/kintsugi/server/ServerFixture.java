package dev.kintsugi.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A REST and ingest client for a server under test (java.net.http, no mocks). */
final class ServerFixture {
  static final String TOKEN = "test-admin-token";
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final String base;

  ServerFixture(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " → " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Creates a project; returns {id, name, dsn}. */
  JsonNode createProject(String name, String prefixes) throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/projects",
            "{\"name\": \"" + name + "\", \"inAppPrefixes\": " + prefixes + "}");
    if (r.statusCode() != 201) {
      throw new AssertionError("create project → " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Creates a project from a full registration body; returns it. */
  JsonNode createProjectWith(String body) throws IOException, InterruptedException {
    HttpResponse<String> r = send("POST", "/api/v1/projects", body);
    if (r.statusCode() != 201) {
      throw new AssertionError("create project → " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  static String key(JsonNode project) {
    String dsn = project.path("dsn").asText();
    return dsn.substring(dsn.indexOf("://") + 3, dsn.indexOf('@'));
  }

  /** A minimal envelope holding one exception event of release 1.0. */
  static String envelope(String eventId, String type, String function) {
    return envelope(eventId, type, function, "1.0");
  }

  /** A minimal envelope holding one exception event of {@code release} (none when null). */
  static String envelope(String eventId, String type, String function, String release) {
    String event =
        "{\"event_id\":\""
            + eventId
            + "\",\"level\":\"error\",\"platform\":\"java\","
            + (release == null ? "" : "\"release\":\"" + release + "\",")
            + "\"exception\":{\"values\":[{\"type\":\""
            + type
            + "\",\"value\":\"boom\",\"stacktrace\":{\"frames\":[{\"module\":\"com.acme.Svc\","
            + "\"function\":\""
            + function
            + "\",\"lineno\":12,\"in_app\":true}]}}]}}";
    byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
    return "{\"event_id\":\""
        + eventId
        + "\"}\n{\"type\":\"event\",\"length\":"
        + bytes.length
        + "}\n"
        + event
        + "\n";
  }

  HttpResponse<String> postEnvelope(long project, String key, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/api/" + project + "/envelope/"))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_client=test/1, sentry_key=" + key);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
