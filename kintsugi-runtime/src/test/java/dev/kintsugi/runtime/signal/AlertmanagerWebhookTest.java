package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertmanagerWebhookTest {
  /** What Alertmanager 0.27 posts to a webhook receiver (payload version 4). */
  static final String FIRING =
      """
      {
        "receiver": "kintsugi",
        "status": "firing",
        "alerts": [
          {
            "status": "firing",
            "labels": {"alertname": "HighErrorRate", "instance": "shop:8080", "job": "shop",
                       "project": "shop", "severity": "page"},
            "annotations": {"summary": "5xx above 5%"},
            "startsAt": "2026-03-01T12:00:00.123456789Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus:9090/graph?g0.expr=rate%28http_errors%5B1m%5D%29",
            "fingerprint": "c4b4b3b2a1f0e9d8"
          },
          {
            "status": "firing",
            "labels": {"alertname": "DiskFilling", "instance": "db:9100"},
            "annotations": {},
            "startsAt": "2026-03-01T13:00:00+01:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "",
            "fingerprint": "0a1b2c3d4e5f6071"
          }
        ],
        "groupLabels": {"alertname": "HighErrorRate"},
        "commonLabels": {"job": "shop"},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "version": "4",
        "groupKey": "{}:{alertname=\\"HighErrorRate\\"}",
        "truncatedAlerts": 0
      }
      """;

  final List<RuntimeSignal> signals = new CopyOnWriteArrayList<>();
  final AlertmanagerWebhook webhook = new AlertmanagerWebhook(Optional.of("infra"), signals::add);
  final HttpClient client = HttpClient.newHttpClient();
  Javalin app;

  @BeforeEach
  void start() {
    app = Javalin.create();
    webhook.register(app);
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  /** The firing payload with one field of its first alert changed. */
  static String firstAlert(String field, String value) throws Exception {
    return withFirstAlert((ObjectNode) new ObjectMapper().readTree(FIRING), field, value);
  }

  static String withFirstAlert(ObjectNode root, String field, String value) {
    ((ObjectNode) root.get("alerts").get(0)).put(field, value);
    return root.toString();
  }

  HttpResponse<String> post(String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + AlertmanagerWebhook.PATH))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void eachAlertBecomesASignalOfItsProjectOrTheDefault() throws Exception {
    HttpResponse<String> r = post(FIRING);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(signals)
        .containsExactly(
            new RuntimeSignal.Alert(
                "shop",
                "HighErrorRate",
                Instant.parse("2026-03-01T12:00:00.123456789Z"),
                true,
                java.util.Map.of(
                    "alertname",
                    "HighErrorRate",
                    "instance",
                    "shop:8080",
                    "job",
                    "shop",
                    "project",
                    "shop",
                    "severity",
                    "page")),
            new RuntimeSignal.Alert(
                "infra",
                "DiskFilling",
                Instant.parse("2026-03-01T12:00:00Z"),
                true,
                java.util.Map.of("alertname", "DiskFilling", "instance", "db:9100")));
    assertThat(webhook.firing("shop", "HighErrorRate")).isTrue();
    assertThat(webhook.firing("infra", "DiskFilling")).isTrue();
    assertThat(webhook.firing("infra", "HighErrorRate")).isFalse();
  }

  @Test
  void aResolvedAlertStopsFiringAtItsEnd() throws Exception {
    post(FIRING);
    String resolved =
        withFirstAlert(
            (ObjectNode) new ObjectMapper().readTree(firstAlert("status", "resolved")),
            "endsAt",
            "2026-03-01T12:05:00Z");
    signals.clear();

    assertThat(post(resolved).statusCode()).isEqualTo(200);
    assertThat(signals.get(0))
        .isEqualTo(
            new RuntimeSignal.Alert(
                "shop",
                "HighErrorRate",
                Instant.parse("2026-03-01T12:05:00Z"),
                false,
                ((RuntimeSignal.Alert) signals.get(0)).labels()));
    assertThat(webhook.firing("shop", "HighErrorRate")).isFalse();
    assertThat(webhook.firing("infra", "DiskFilling")).isTrue();
  }

  @Test
  void malformedBodiesAreRefusedNamingTheField() throws Exception {
    assertThat(post("not json").body()).contains("not valid JSON");
    assertThat(post("[]").statusCode()).isEqualTo(400);
    assertThat(post(FIRING.replace("\"version\": \"4\"", "\"version\": \"3\"")).body())
        .contains("version: must be \\\"4\\\"");
    HttpResponse<String> noName = post(FIRING.replace("\"alertname\": \"DiskFilling\", ", ""));
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.body()).contains("alerts[1].labels.alertname: is required");
    assertThat(post(FIRING.replace("2026-03-01T13:00:00+01:00", "yesterday")).body())
        .contains("alerts[1].startsAt: must be an RFC 3339 time");
    assertThat(post(FIRING.replace("\"severity\": \"page\"", "\"severity\": 3")).body())
        .contains("alerts[0].labels.severity: must be a string");
    assertThat(post(firstAlert("status", "weird")).body())
        .contains("alerts[0].status: must be firing or resolved");
    assertThat(signals).as("nothing from a refused body").isEmpty();
  }

  @Test
  void withoutProjectLabelOrDefaultTheAlertIsRefused() throws Exception {
    AlertmanagerWebhook strict = new AlertmanagerWebhook(Optional.empty(), signals::add);
    assertThat(strict.firing("shop", "HighErrorRate")).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> strict.accept(FIRING.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessage("alerts[1].labels.project: is required (no default project is set)");
  }

  @Test
  void aBodyPastTheCapIsRefused() throws Exception {
    String big =
        FIRING.replace(
            "\"summary\": \"5xx above 5%\"",
            "\"summary\": \"" + "x".repeat(AlertmanagerWebhook.MAX_BODY_BYTES) + "\"");
    assertThat(post(big).statusCode()).isEqualTo(413);
    assertThat(signals).isEmpty();
  }

  @Test
  void alertsTheSinkCannotTakeAreAnswered503SoAlertmanagerSendsThemAgain() throws Exception {
    Javalin down = Javalin.create();
    new AlertmanagerWebhook(
            Optional.of("infra"),
            alert -> {
              throw new IllegalStateException("database unavailable");
            })
        .register(down);
    down.start("127.0.0.1", 0);
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + down.port() + AlertmanagerWebhook.PATH))
                  .POST(HttpRequest.BodyPublishers.ofString(FIRING))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("database unavailable");
    } finally {
      down.stop();
    }
  }
}
