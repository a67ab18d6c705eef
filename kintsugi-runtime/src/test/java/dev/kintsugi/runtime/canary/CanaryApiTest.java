package dev.kintsugi.runtime.canary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.runtime.ErrorEvents;
import dev.kintsugi.runtime.MovingClock;
import dev.kintsugi.runtime.RuntimeExtension;
import dev.kintsugi.runtime.signal.SeriesStore;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.store.Project;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary analysis through a real server with the runtime extension and an H2 database: series
 * points written with the SeriesStore, events ingested through the DSN, and the three callers — the
 * native call, Argo Rollouts' web metric provider (GET with a query, POST with its jsonBody) and a
 * Flagger webhook — sent as those tools send them.
 */
class CanaryApiTest {

  private static final String TOKEN = "canary-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final String LATENCY = "http_server_requests_seconds_max{uri=\"/quote\"}";
  private static final String ERRORS = "http_server_errors_per_second";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final MovingClock clock = new MovingClock(NOW);
  private KintsugiServer server;
  private ServerExtension.Context context;
  private Project project;

  @BeforeEach
  void start() throws Exception {
    Path config = dir.resolve("runtime.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "project: shop",
            "scrape:",
            // Nothing listens there: the test writes the points the scrapes would have.
            "  - { name: shop-stable, url: http://127.0.0.1:9/metrics, interval: 1h }",
            "  - { name: shop-canary, url: http://127.0.0.1:9/metrics, interval: 1h }",
            "  - { name: shop-slow, url: http://127.0.0.1:9/metrics, interval: 1h }",
            "  - { name: billing, project: billing, url: http://127.0.0.1:9/metrics }",
            "canary:",
            "  window: 5m",
            "  metrics:",
            "    - name: latency",
            "      series: 'http_server_requests_seconds_max{uri=\"/quote\"}'",
            "      allowedRelative: 0.1",
            "    - { name: errors, series: " + ERRORS + ", allowedAbsolute: 0.01, critical: true }",
            ""));
    ServerExtension capture =
        new ServerExtension() {
          @Override
          public void start(Javalin app, Context ctx) {
            context = ctx;
          }

          @Override
          public void close() {}
        };
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .adminToken(TOKEN)
                .clock(clock)
                .build(),
            null,
            1,
            line -> {},
            List.of(RuntimeExtension.read(config), capture));
    project = server.store().createProject("shop", Optional.empty(), List.of("dev.kintsugi"));
    SeriesStore series = new SeriesStore(context.db(), clock, 50_000);
    List<SeriesStore.NewPoint> points = new ArrayList<>();
    points.addAll(points("shop-stable", LATENCY, 1, 0.2));
    points.addAll(points("shop-canary", LATENCY, 2, 0.2));
    points.addAll(points("shop-slow", LATENCY, 3, 0.3));
    for (String target : List.of("shop-stable", "shop-canary", "shop-slow")) {
      points.addAll(points(target, ERRORS, 0, 0));
    }
    series.append(points);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** 20 points in the 5 minutes before now, around {@code centre} (exactly it without spread). */
  private static List<SeriesStore.NewPoint> points(
      String target, String metric, long seed, double centre) {
    Random random = new Random(seed);
    List<SeriesStore.NewPoint> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      double value = seed == 0 ? centre : centre + 0.01 * random.nextGaussian();
      out.add(
          new SeriesStore.NewPoint(
              "shop",
              target + "/" + metric,
              NOW.minus(Duration.ofMinutes(5)).plusSeconds(1 + 15L * i),
              value,
              OptionalDouble.empty()));
    }
    return out;
  }

  @Test
  void theNativeCallJudgesTheStoredSeriesOfBothTargetsAndRecordsItInTheAuditTrail()
      throws Exception {
    HttpResponse<String> good =
        post(
            "/api/v1/canary/analysis",
            "{\"project\":\"shop\",\"baseline\":\"shop-stable\",\"canary\":\"shop-canary\","
                + "\"window\":\"5m\"}");
    assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
    JsonNode pass = JSON.readTree(good.body());
    assertThat(pass.path("verdict").asText()).isEqualTo("pass");
    assertThat(pass.path("score").asDouble()).isEqualTo(100.0);
    JsonNode latency = pass.path("metrics").path(0);
    assertThat(latency.path("name").asText()).isEqualTo("latency");
    assertThat(latency.path("baselineCount").asInt()).isEqualTo(20);
    assertThat(latency.path("canaryCount").asInt()).isEqualTo(20);
    assertThat(latency.path("baselineMedian").asDouble()).isBetween(0.19, 0.21);
    assertThat(latency.path("pValue").asDouble()).isGreaterThan(0.05);
    assertThat(pass.path("metrics").path(1).path("relativeShift").isNull())
        .as("0/0 is no number: null, not NaN")
        .isTrue();

    JsonNode fail =
        JSON.readTree(
            post(
                    "/api/v1/canary/analysis",
                    "{\"baseline\":\"shop-stable\",\"canary\":\"shop-slow\"}")
                .body());
    assertThat(fail.path("verdict").asText()).isEqualTo("fail");
    assertThat(fail.path("metrics").path(0).path("verdict").asText()).isEqualTo("high");
    assertThat(fail.path("metrics").path(0).path("shift").asDouble()).isBetween(0.08, 0.12);
    assertThat(fail.path("metrics").path(0).path("pValue").asDouble()).isLessThan(0.001);
    assertThat(fail.path("metrics").path(0).path("u").asDouble()).isGreaterThan(0);

    List<AuditEntry> audit =
        context.audit().page(Optional.of(project.id()), Optional.empty(), 0, 100).stream()
            .filter(e -> e.action().equals("canary.analysed"))
            .toList();
    assertThat(audit).hasSize(2);
    assertThat(audit.get(0).detail())
        .containsEntry("verdict", "pass")
        .containsEntry("score", "100.0")
        .containsEntry("canary", "shop-canary")
        .containsEntry("via", "api");
    assertThat(audit.get(1).detail()).containsEntry("verdict", "fail");
  }

  @Test
  void inlineSamplesNeedNoScrapeTarget() throws Exception {
    JsonNode j =
        JSON.readTree(
            post(
                    "/api/v1/canary/analysis",
                    "{\"metrics\":[{\"name\":\"p99\",\"worse\":\"higher\",\"allowedRelative\":0.05,"
                        + "\"baseline\":[1,1.1,0.9,1,1.05,0.95],"
                        + "\"canary\":[2,2.1,1.9,2,2.05,1.95]}]}")
                .body());
    assertThat(j.path("verdict").asText()).isEqualTo("fail");
    assertThat(j.path("metrics").path(0).path("verdict").asText()).isEqualTo("high");
    assertThat(j.path("metrics").path(0).path("canaryMedian").asDouble()).isEqualTo(2.0);
  }

  // --- Argo Rollouts: provider.web ---

  @Test
  void argoGetWithQueryParametersAnswers200AndItsConditionsReadTheVerdict() throws Exception {
    HttpResponse<byte[]> good =
        argo("GET", "?baseline=shop-stable&canary=shop-canary&window=5m&release=1.4.2", null);
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(argoPhase(good, "{$}")).isEqualTo("Successful");
    assertThat(argoPhase(good, "{$.verdict}")).isEqualTo("Successful");

    HttpResponse<byte[]> bad = argo("GET", "?baseline=shop-stable&canary=shop-slow", null);
    assertThat(bad.statusCode()).as("a failed canary is no HTTP error for Argo").isEqualTo(200);
    assertThat(argoPhase(bad, "{$}")).isEqualTo("Failed");

    HttpResponse<byte[]> early =
        argo("GET", "?baseline=shop-stable&canary=shop-canary&window=10s", null);
    assertThat(argoPhase(early, "{$}")).isEqualTo("Inconclusive");
    assertThat(
            context.audit().page(Optional.of(project.id()), Optional.empty(), 0, 100).stream()
                .filter(e -> e.action().equals("canary.analysed"))
                .map(e -> e.detail().get("via")))
        .containsOnly("argo")
        .hasSize(3);
  }

  @Test
  void argoPostWithItsJsonBodyAndPutAnswerLikeTheNativeCall() throws Exception {
    // As Argo marshals jsonBody: compact, Content-Type set to application/json by the provider.
    String body = "{\"baseline\":\"shop-stable\",\"canary\":\"shop-slow\",\"window\":\"5m\"}";
    HttpResponse<byte[]> post = argo("POST", "", body);
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(argoPhase(post, "{$.verdict}")).isEqualTo("Failed");
    HttpResponse<byte[]> put =
        argo("PUT", "", "{\"baseline\":\"shop-stable\",\"canary\":\"shop-canary\"}");
    assertThat(argoPhase(put, "{$}")).isEqualTo("Successful");
  }

  @Test
  void argoWithoutTheAdminTokenIsRefused() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/canary/argo?baseline=shop-stable&canary=shop-slow"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  /** Sends what Argo's web provider sends: its headers, and Go's User-Agent and gzip. */
  private HttpResponse<byte[]> argo(String method, String query, String jsonBody) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("/api/v1/canary/argo" + query))
            .header("Authorization", "Bearer " + TOKEN)
            .header("User-Agent", "Go-http-client/1.1")
            .header("Accept-Encoding", "gzip");
    if (jsonBody == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * Argo's measurement phase for {@code successCondition: result.verdict == "pass"} and {@code
   * failureCondition: result.verdict == "fail"} (or, with {@code jsonPath: "{$.verdict}"}, {@code
   * result == "pass"} / {@code result == "fail"}): a failure condition that holds fails; else a
   * success condition that holds succeeds; else it is inconclusive.
   */
  private static String argoPhase(HttpResponse<byte[]> response, String jsonPath)
      throws IOException {
    byte[] body = response.body();
    if (response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
      body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
    }
    JsonNode result = JSON.readTree(body);
    String path = jsonPath.substring(2, jsonPath.length() - 1); // "{$.verdict}" → ".verdict"
    for (String step : path.split("\\.")) {
      if (!step.isEmpty()) {
        result = result.path(step);
      }
    }
    String verdict = jsonPath.equals("{$}") ? result.path("verdict").asText() : result.asText();
    if (verdict.equals("fail")) {
      return "Failed";
    }
    return verdict.equals("pass") ? "Successful" : "Inconclusive";
  }

  // --- Flagger: webhooks ---

  @Test
  void flaggerWebhookPassesWith200FailsWith412AndWaitsWith409() throws Exception {
    HttpResponse<String> pass = flagger(project.dsnKey(), "shop-canary", "5m");
    assertThat(pass.statusCode()).as(pass.body()).isEqualTo(200);
    assertThat(pass.body()).startsWith("canary pass");

    HttpResponse<String> fail = flagger(project.dsnKey(), "shop-slow", "5m");
    assertThat(fail.statusCode()).isEqualTo(412);
    assertThat(fail.body()).startsWith("canary fail").contains("latency high: median 0.19");

    HttpResponse<String> early = flagger(project.dsnKey(), "shop-canary", "10s");
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.body()).startsWith("canary inconclusive");

    assertThat(
            context.audit().page(Optional.of(project.id()), Optional.empty(), 0, 100).stream()
                .filter(e -> e.action().equals("canary.analysed"))
                .map(e -> e.actor() + "/" + e.detail().get("verdict")))
        .containsExactly("flagger/pass", "flagger/fail", "flagger/inconclusive");
  }

  @Test
  void flaggerWithoutTheProjectsKeyIsRefusedAndJudgesOnlyItsProjectsTargets() throws Exception {
    assertThat(flagger("wrong-key", "shop-canary", "5m").statusCode()).isEqualTo(401);
    assertThat(flagger(null, "shop-canary", "5m").statusCode()).isEqualTo(401);
    assertThat(flagger(TOKEN, "shop-canary", "5m").statusCode())
        .as("the admin token is no DSN key")
        .isEqualTo(401);
    Project other =
        server.store().createProject("billing", Optional.empty(), List.of("dev.kintsugi"));
    HttpResponse<String> foreign = flagger(other.dsnKey(), other.id(), "shop-canary", "5m");
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body())
        .startsWith("metadata.baseline: scrape target shop-stable belongs to project shop");

    HttpResponse<String> typo =
        send(
            "POST",
            "/api/" + project.id() + "/kintsugi/canary/flagger?sentry_key=" + project.dsnKey(),
            "{\"name\":\"podinfo\",\"namespace\":\"test\",\"phase\":\"Progressing\","
                + "\"metadata\":{\"baseline\":\"shop-stable\",\"canray\":\"shop-canary\"}}",
            false);
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.body()).startsWith("metadata.canray: unknown field");
    assertThat(context.audit().page(Optional.empty(), Optional.empty(), 0, 100))
        .noneMatch(e -> e.action().equals("canary.analysed"));
  }

  private HttpResponse<String> flagger(String key, String canary, String window) throws Exception {
    return flagger(key, project.id(), canary, window);
  }

  /** Flagger's webhook call: a POST of its payload, no header of ours, the key in the URL. */
  private HttpResponse<String> flagger(String key, long projectId, String canary, String window)
      throws Exception {
    String payload =
        "{\"name\":\"podinfo\",\"namespace\":\"test\",\"phase\":\"Progressing\","
            + "\"checksum\":\"7d5cd9b8f6\",\"metadata\":{\"baseline\":\"shop-stable\","
            + "\"canary\":\""
            + canary
            + "\",\"window\":\""
            + window
            + "\"}}";
    return http.send(
        HttpRequest.newBuilder(
                uri(
                    "/api/"
                        + projectId
                        + "/kintsugi/canary/flagger"
                        + (key == null
                            ? ""
                            : "?sentry_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8))))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Go-http-client/1.1")
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // --- incident context ---

  @Test
  void aReleaseRaisingAKnownFingerprintFailsAtOnceEvenWhenItsMetricsPass() throws Exception {
    clock.set(NOW.minus(Duration.ofHours(1)));
    event("1.4.1", "quote"); // known for an hour
    clock.set(NOW.minus(Duration.ofMinutes(1)));
    event("1.4.2", "quote"); // and raised again by the canary
    event("1.4.2", "quote");
    clock.set(NOW);

    JsonNode j = analyse("1.4.2");
    assertThat(j.path("metrics")).allMatch(m -> m.path("verdict").asText().equals("pass"));
    assertThat(j.path("verdict").asText()).isEqualTo("fail");
    JsonNode incident = j.path("incidents").path(0);
    long id = incident.path("id").asLong();
    String fingerprint = incident.path("fingerprint").asText();
    assertThat(fingerprint).isNotEmpty();
    assertThat(incident.path("kind").asText()).isEqualTo("known");
    assertThat(incident.path("events").asInt()).isEqualTo(2);
    assertThat(incident.path("firstRelease").asText()).isEqualTo("1.4.1");
    assertThat(j.path("reason").asText())
        .isEqualTo(
            "release 1.4.2 raised known incident #"
                + id
                + " (fingerprint "
                + fingerprint
                + ", open)");

    HttpResponse<String> flagger =
        send(
            "POST",
            "/api/" + project.id() + "/kintsugi/canary/flagger?sentry_key=" + project.dsnKey(),
            "{\"name\":\"podinfo\",\"namespace\":\"test\",\"phase\":\"Progressing\","
                + "\"metadata\":{\"baseline\":\"shop-stable\",\"canary\":\"shop-canary\","
                + "\"release\":\"1.4.2\"}}",
            false);
    assertThat(flagger.statusCode()).isEqualTo(412);
    assertThat(flagger.body()).contains("known incident #" + id);

    assertThat(analyse("1.4.1").path("verdict").asText())
        .as("the baseline's release raised nothing in the window")
        .isEqualTo("pass");
  }

  @Test
  void aNewFingerprintOfTheCanarysReleaseFailsItButOneTheBaselineRaisedFirstDoesNot()
      throws Exception {
    clock.set(NOW.minus(Duration.ofMinutes(2)));
    event("1.4.3", "discount"); // first seen with the canary's release
    event("1.4.1", "checkout"); // first seen with the baseline's...
    clock.set(NOW.minus(Duration.ofMinutes(1)));
    event("1.4.4", "checkout"); // ...then with the other canary's
    clock.set(NOW);

    JsonNode fresh = analyse("1.4.3");
    assertThat(fresh.path("verdict").asText()).isEqualTo("fail");
    assertThat(fresh.path("incidents").path(0).path("kind").asText()).isEqualTo("new");
    assertThat(fresh.path("reason").asText()).startsWith("release 1.4.3 raised new incident #");

    JsonNode shared = analyse("1.4.4");
    assertThat(shared.path("incidents").path(0).path("kind").asText()).isEqualTo("shared");
    assertThat(shared.path("incidents").path(0).path("firstRelease").asText()).isEqualTo("1.4.1");
    assertThat(shared.path("verdict").asText()).isEqualTo("pass");
  }

  private JsonNode analyse(String release) throws Exception {
    HttpResponse<String> r =
        post(
            "/api/v1/canary/analysis",
            "{\"baseline\":\"shop-stable\",\"canary\":\"shop-canary\",\"release\":\""
                + release
                + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** An error event of {@code release} thrown in {@code function}, ingested through the DSN. */
  private void event(String release, String function) throws Exception {
    ErrorEvents.send(server, project, release, function);
  }

  // --- bad requests ---

  @Test
  void badRequestsAre400NamingTheField() throws Exception {
    refused(
        "{\"baseline\":\"shop-stable\",\"canary\":\"shop-slow\",\"window\":\"soon\"}", "window");
    refused("{\"baseline\":\"shop-stable\",\"canary\":\"shop-slow\",\"window\":\"2d\"}", "window");
    refused("{\"baseline\":\"shop-stabel\",\"canary\":\"shop-slow\"}", "baseline");
    refused("{\"baseline\":\"shop-stable\"}", "canary");
    refused("{\"baseline\":\"shop-stable\",\"canary\":\"shop-stable\"}", "canary");
    refused("{\"baseline\":\"shop-stable\",\"canary\":\"billing\"}", "canary");
    refused("{\"baselin\":\"shop-stable\"}", "baselin");
    refused("{}", "metrics");
    refused("[1]", "(body)");
    refused("not json", "(body)");
    refused(
        "{\"metrics\":[{\"name\":\"a\",\"baseline\":[1],\"canary\":[1]},"
            + "{\"name\":\"b\",\"worse\":\"up\",\"baseline\":[1],\"canary\":[1]}]}",
        "metrics[1].worse");
    refused(
        "{\"metrics\":[{\"name\":\"a\",\"baseline\":[1,\"x\"],\"canary\":[1]}]}",
        "metrics[0].baseline[1]");
    refused(
        "{\"baseline\":\"shop-stable\",\"canary\":\"shop-slow\",\"project\":\"nobody\"}",
        "baseline");
    refused(
        "{\"metrics\":[{\"name\":\"a\",\"baseline\":[1],\"canary\":[1]}],"
            + "\"project\":\"nobody\",\"release\":\"1.0\"}",
        "project");
    HttpResponse<byte[]> query =
        argo("GET", "?baseline=shop-stable&canary=shop-slow&windw=5m", null);
    assertThat(query.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(query.body()).path("field").asText()).isEqualTo("windw");
    assertThat(context.audit().page(Optional.empty(), Optional.empty(), 0, 100))
        .noneMatch(e -> e.action().equals("canary.analysed"));
  }

  private void refused(String body, String field) throws Exception {
    HttpResponse<String> r = post("/api/v1/canary/analysis", body);
    assertThat(r.statusCode()).as(body + " → " + r.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.path("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(error.path("error").asText()).startsWith(field + ": ");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body, true);
  }

  private HttpResponse<String> send(String method, String path, String body, boolean admin)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (admin) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
