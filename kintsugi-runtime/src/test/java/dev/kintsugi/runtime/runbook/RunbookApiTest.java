package dev.kintsugi.runtime.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime routes over real HTTP (the server's admin-token filter is not part of them). */
class RunbookApiTest extends RunbookFixture {
  @TempDir Path dir;
  private Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Override
  String freshUrl() {
    return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void runsCanBeListedApprovedAndMeasured() throws Exception {
    RunbookEngine engine =
        engine(RESTART, policy("runtime: { production: { requireApproval: [ restart ] } }"));
    app = Javalin.create(c -> c.showJavalinBanner = false);
    new RunbookApi(engine, clock).register(app);
    app.start("127.0.0.1", 0);
    signals.recoversAt = T0.plusSeconds(20);
    engine.accept(failing(T0));

    JsonNode listed = json.readTree(send("GET", "/api/v1/runtime/runs?project=shop", "").body());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("state").asText()).isEqualTo("awaiting_approval");
    long id = listed.get(0).get("id").asLong();

    clock.set(T0.plusSeconds(10));
    HttpResponse<String> approved = send("POST", "/api/v1/runtime/runs/" + id + "/approve", "");
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(json.readTree(approved.body()).get("outcome").asText()).isEqualTo("recovered");
    assertThat(json.readTree(approved.body()).get("steps")).hasSize(1);
    assertThat(send("POST", "/api/v1/runtime/runs/" + id + "/approve", "").statusCode())
        .isEqualTo(409);
    assertThat(send("POST", "/api/v1/runtime/runs/999/reject", "").statusCode()).isEqualTo(404);

    JsonNode mttr = json.readTree(send("GET", "/api/v1/runtime/mttr?project=shop", "").body());
    assertThat(mttr.get("overall").get("runs").asInt()).isEqualTo(1);
    assertThat(mttr.get("overall").get("meanToActionSeconds").asDouble()).isEqualTo(10.0);
    assertThat(mttr.get("overall").get("medianToRecoverySeconds").asDouble()).isEqualTo(20.0);
    assertThat(mttr.get("runbooks").get("restart-shop").get("recoveredShare").asDouble())
        .isEqualTo(1.0);
    assertThat(send("GET", "/api/v1/runtime/mttr", "").statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/v1/runtime/runs?project=shop&limit=0", "").statusCode())
        .isEqualTo(400);
  }

  @Test
  void aRejectionCarriesItsReason() throws Exception {
    RunbookEngine engine = engine(RESTART + "  guards: { approval: required }\n", ALLOW_ALL);
    app = Javalin.create(c -> c.showJavalinBanner = false);
    new RunbookApi(engine, clock).register(app);
    app.start("127.0.0.1", 0);
    engine.accept(new RuntimeSignal.Health("shop", "shop-http", T0, false, 3, "down"));
    long id = runs.runs("shop", 1).get(0).id();

    HttpResponse<String> rejected =
        send("POST", "/api/v1/runtime/runs/" + id + "/reject", "{\"reason\": \"sale\"}");

    assertThat(rejected.statusCode()).isEqualTo(200);
    JsonNode run = json.readTree(rejected.body());
    assertThat(run.get("outcome").asText()).isEqualTo("rejected");
    assertThat(run.get("approvalNote").asText()).isEqualTo("sale");
    assertThat(run.get("approvedBy").asText()).isEqualTo("admin");
  }
}
