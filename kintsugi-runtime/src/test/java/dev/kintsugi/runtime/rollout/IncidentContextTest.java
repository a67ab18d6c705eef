package dev.kintsugi.runtime.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.runtime.ErrorEvents;
import dev.kintsugi.runtime.KintsugiClient;
import dev.kintsugi.runtime.RuntimeExtension;
import dev.kintsugi.runtime.canary.Comparison;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.store.Project;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollout's judgement asks a real Kintsugi server about the canary's release. */
class IncidentContextTest {

  private static final String TOKEN = "rollout-incidents-token";

  @TempDir Path dir;

  private KintsugiServer server;
  private Project project;
  private final List<String> said = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path config = dir.resolve("runtime.yml");
    Files.writeString(config, "version: 1\nproject: shop\n");
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .adminToken(TOKEN)
                .build(),
            null,
            1,
            line -> {},
            List.of(RuntimeExtension.read(config)));
    project = server.store().createProject("shop", Optional.empty(), List.of("dev.kintsugi"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IncidentContext context(URI url, String release) {
    return new IncidentContext(
        new KintsugiClient(url, TOKEN),
        new ServerContext(url, "KINTSUGI_TOKEN", "shop", release),
        said::add);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** The proxy's numbers for a healthy canary: the same error rate on both sides. */
  private static List<Comparison> healthy() {
    return List.of(
        new Comparison(RolloutMetric.DEFAULTS.get(0), new double[10], new double[10]),
        new Comparison(
            RolloutMetric.DEFAULTS.get(1),
            new double[] {10, 11, 12, 10, 11, 12, 10, 11},
            new double[] {11, 10, 12, 11, 10, 12, 11, 10}));
  }

  @Test
  void aReleaseThatRaisedANewIncidentFailsWhateverTheNumbers() throws Exception {
    ErrorEvents.send(server, project, "2.0-canary", "quote");

    Optional<String> failure =
        context(url(), "2.0-canary").failure(healthy(), Duration.ofMinutes(1));

    assertThat(failure).isPresent();
    assertThat(failure.get()).startsWith("Kintsugi: ").contains("2.0-canary");
    assertThat(said).isEmpty();
    // The analysis is in the server's audit trail.
    var audit =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        url().resolve("/api/v1/audit?project=" + project.id() + "&limit=50"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(audit.body()).contains("canary.analysed");
  }

  @Test
  void aReleaseWithoutIncidentsAndAnotherReleasesErrorsDoNotFail() throws Exception {
    ErrorEvents.send(server, project, "1.9-stable", "quote");

    assertThat(context(url(), "2.0-canary").failure(healthy(), Duration.ofMinutes(1))).isEmpty();
    assertThat(said).isEmpty();
  }

  @Test
  void anUnreachableServerLeavesTheProxysNumbersToJudgeAndSaysSoOnce() throws Exception {
    URI nowhere = URI.create("http://127.0.0.1:9");
    IncidentContext context = context(nowhere, "2.0-canary");

    assertThat(context.failure(healthy(), Duration.ofMinutes(1))).isEmpty();
    assertThat(context.failure(healthy(), Duration.ofMinutes(1))).isEmpty();

    assertThat(said).hasSize(1);
    assertThat(said.get(0)).contains("cannot ask the Kintsugi server", "proxy's numbers alone");
  }

  @Test
  void aRolloutWithoutTheTokenInItsEnvironmentDoesNotStart() throws Exception {
    RolloutConfig config =
        RolloutConfig.of(
                0,
                URI.create("http://127.0.0.1:8080"),
                CanaryProcess.of(
                    List.of("java"),
                    URI.create("http://127.0.0.1:8081"),
                    URI.create("http://127.0.0.1:8081/health")),
                Duration.ofSeconds(10))
            .withKintsugi(new ServerContext(url(), "KINTSUGI_TOKEN", "shop", "2.0"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LocalRollout.open(config, java.util.Map.of(), said::add))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("kintsugi.tokenEnv")
        .hasMessageContaining("KINTSUGI_TOKEN");
  }

  @Test
  void theRolloutFileNamesTheServerAndNeverTheToken() throws Exception {
    RolloutConfig config =
        RolloutConfig.parse(
            String.join(
                "\n",
                "listen: 0",
                "stable: { url: http://127.0.0.1:8080 }",
                "canary: { command: [java, -jar, shop.jar], url: http://127.0.0.1:8081 }",
                "kintsugi: { url: http://127.0.0.1:8700, project: shop, release: 2.0-canary }",
                ""),
            dir);
    assertThat(config.kintsugi())
        .contains(
            new ServerContext(
                URI.create("http://127.0.0.1:8700"), "KINTSUGI_TOKEN", "shop", "2.0-canary"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RolloutConfig.parse(
                    String.join(
                        "\n",
                        "listen: 0",
                        "stable: { url: http://127.0.0.1:8080 }",
                        "canary: { command: [java], url: http://127.0.0.1:8081 }",
                        "kintsugi: { url: http://127.0.0.1:8700, project: shop, release: r,"
                            + " tokenEnv: 'Bearer abc' }",
                        ""),
                    dir))
        .hasMessageContaining("kintsugi.tokenEnv");
  }
}
