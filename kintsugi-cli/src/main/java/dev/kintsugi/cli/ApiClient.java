package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of Kintsugi's REST API (the demo uses the same API a user would). */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final String token;

  ApiClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  String base() {
    return base;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return call("GET", path, null);
  }

  JsonNode post(String path, Object body) throws IOException, InterruptedException {
    return call("POST", path, JSON.writeValueAsString(body));
  }

  JsonNode put(String path, Object body) throws IOException, InterruptedException {
    return call("PUT", path, JSON.writeValueAsString(body));
  }

  private JsonNode call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(20));
    if (body == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
