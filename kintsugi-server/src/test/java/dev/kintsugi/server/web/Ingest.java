package dev.kintsugi.server.web;

import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.Project;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Sends Sentry events to a server under test through its ingest endpoint ({@code POST
 * /api/{project}/store/}, with the project's DSN key), as an SDK does, and waits until they are in
 * the database: for page tests that need incidents from real events.
 */
final class Ingest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Ingest() {}

  /** Sends one event (JSON) and returns the incident it joined. */
  static Incident event(KintsugiServer server, Project project, String eventJson)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.port() + "/api/" + project.id() + "/store/"))
                .header(
                    "X-Sentry-Auth",
                    "Sentry sentry_version=7, sentry_client=test/1, sentry_key=" + project.dsnKey())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(eventJson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("ingest → " + r.statusCode() + " " + r.body());
    }
    if (!server.awaitIngested(Duration.ofSeconds(10))) {
      throw new AssertionError("the event did not reach the database");
    }
    List<Incident> incidents = server.store().incidents(project.id(), 1);
    if (incidents.isEmpty()) {
      throw new AssertionError("no incident for the event");
    }
    return incidents.get(0);
  }
}
