package dev.kintsugi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.store.Project;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Error events sent to a real server the way a Sentry SDK sends them (store endpoint, DSN key). */
public final class ErrorEvents {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ErrorEvents() {}

  /**
   * An {@code ArithmeticException} of {@code release} thrown in {@code function}, ingested (the
   * call returns once the server applied it).
   */
  public static void send(KintsugiServer server, Project project, String release, String function)
      throws Exception {
    String event =
        "{\"event_id\":\""
            + UUID.randomUUID().toString().replace("-", "")
            + "\",\"level\":\"error\",\"platform\":\"java\",\"release\":\""
            + release
            + "\",\"exception\":{\"values\":[{\"type\":\"ArithmeticException\","
            + "\"module\":\"java.lang\",\"value\":\"/ by zero\",\"stacktrace\":{\"frames\":"
            + "[{\"module\":\"dev.kintsugi.shop.Pricing\",\"function\":\""
            + function
            + "\",\"lineno\":12,\"in_app\":true}]}}]}}";
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.port() + "/api/" + project.id() + "/store/"))
                .header(
                    "X-Sentry-Auth",
                    "Sentry sentry_version=7, sentry_client=test/1, sentry_key=" + project.dsnKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(server.awaitIngested(Duration.ofSeconds(20))).isTrue();
  }
}
