package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.audit.JsonLinesAuditReader;
import dev.kintsugi.core.incident.HealSteps;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail over HTTP: what the server and a heal record (through the {@link AuditLog} the
 * scheduler hands the healer), listing, export as JSON lines and verification, all behind the admin
 * token.
 */
class AuditApiTest {

  @TempDir Path dir;
  private KintsugiServer server;

  /** Stands in for kintsugi-heal: records a refused and an accepted candidate, then fixes. */
  private static final class RecordingHealer implements IncidentHealer {
    @Override
    public IncidentHealOutcome heal(IncidentHealRequest request) {
      throw new AssertionError("the scheduler must hand the healer an audit log");
    }

    @Override
    public IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps, AuditLog audit) {
      audit.append(AuditRecord.system("candidate.refused", "gate", "compiles", "candidate", "c1"));
      audit.append(
          AuditRecord.system(
              "candidate.accepted", "gate", "relevant-tests-pass", "candidate", "c2"));
      audit.append(AuditRecord.system("branch.pushed", "branch", "kintsugi/fix-1"));
      return new IncidentHealOutcome(
          "fixed",
          "fixed with template:null-guard",
          Optional.of("kintsugi/fix-1"),
          Optional.of("1234abcd99"),
          Optional.of(0.9),
          true,
          "{\"status\":\"fixed\"}");
    }
  }

  private ServerFixture start() {
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .adminToken(ServerFixture.TOKEN)
                .repoRoot(dir)
                .build(),
            new RecordingHealer(),
            line -> {});
    return new ServerFixture(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static List<String> actions(JsonNode entries) {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> out.add(e.get("action").asText()));
    return out;
  }

  @Test
  void serverAndHealRecordsAreListedExportedAndVerified() throws Exception {
    ServerFixture api = start();
    Path repo = Files.createDirectories(dir.resolve("shop")).toRealPath();
    JsonNode p =
        api.createProjectWith(
            "{\"name\":\"shop\",\"repo\":\"" + repo + "\",\"inAppPrefixes\":[\"com.acme\"]}");
    long id = p.get("id").asLong();
    HttpResponse<String> policy =
        api.send("PUT", "/api/v1/projects/" + id + "/heal-policy", "{\"minFrameEvents\":1}");
    assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
    HttpResponse<String> sent =
        api.postEnvelope(
            id,
            ServerFixture.key(p),
            ServerFixture.envelope("a".repeat(32), "IllegalStateException", "total")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(sent.statusCode()).isEqualTo(200);
    String list = "/api/v1/audit?project=" + id;
    await(
        "heal.finished",
        () -> {
          try {
            return actions(api.getJson(list)).contains("heal.finished");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });

    JsonNode entries = api.getJson(list);
    assertThat(actions(entries))
        .containsExactly(
            "project.created",
            "heal_policy.changed",
            "incident.opened",
            "heal.queued",
            "heal.started",
            "candidate.refused",
            "candidate.accepted",
            "branch.pushed",
            "heal.finished");
    JsonNode refused = entries.get(5);
    long incident = entries.get(2).get("incident").asLong();
    long run = entries.get(3).get("healRun").asLong();
    assertThat(refused.get("project").asLong()).isEqualTo(id);
    assertThat(refused.get("incident").asLong()).isEqualTo(incident);
    assertThat(refused.get("healRun").asLong()).isEqualTo(run);
    assertThat(refused.get("detail").get("gate").asText()).isEqualTo("compiles");
    assertThat(refused.get("hash").asText()).hasSize(64);
    assertThat(refused.get("prevHash").asText()).isEqualTo(entries.get(4).get("hash").asText());
    assertThat(entries.get(1).get("actor").asText()).isEqualTo("admin");
    assertThat(entries.get(8).get("detail").get("status").asText()).isEqualTo("fixed");

    // Paging and filters.
    JsonNode page = api.getJson(list + "&after=" + entries.get(2).get("seq").asLong() + "&limit=2");
    assertThat(actions(page)).containsExactly("heal.queued", "heal.started");
    assertThat(actions(api.getJson("/api/v1/audit?incident=" + incident)))
        .startsWith("incident.opened")
        .doesNotContain("project.created");

    // Export: JSON lines that verify offline.
    HttpResponse<String> export = api.get("/api/v1/audit/export?project=" + id);
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/x-ndjson");
    Path file = dir.resolve("export.jsonl");
    Files.writeString(file, export.body());
    assertThat(Files.readAllLines(file)).hasSize(9);
    assertThat(JsonLinesAuditReader.verify(file).ok()).isTrue();
    assertThat(JsonLinesAuditReader.verify(file).entries()).isEqualTo(9);

    JsonNode verify = api.getJson("/api/v1/audit/verify");
    assertThat(verify.get("ok").asBoolean()).isTrue();
    assertThat(verify.get("entries").asLong()).isEqualTo(9);
    assertThat(verify.get("firstBad").isNull()).isTrue();
    assertThat(verify.get("heads").get(0).get("project").asLong()).isEqualTo(id);
    assertThat(verify.get("heads").get(0).get("hash").asText())
        .isEqualTo(entries.get(8).get("hash").asText());
  }

  @Test
  void everyAuditEndpointNeedsTheTokenAndChecksItsParameters() throws Exception {
    ServerFixture api = start();
    for (String path :
        List.of("/api/v1/audit", "/api/v1/audit/export", "/api/v1/audit/verify?project=1")) {
      HttpResponse<String> r =
          api.http.send(
              HttpRequest.newBuilder(URI.create(api.base + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.body()).doesNotContain("\"seq\"");
    }
    assertThat(api.get("/api/v1/audit?limit=0").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/audit?limit=5000").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/audit?after=x").body()).contains("after must be a whole number");
    assertThat(api.get("/api/v1/audit?project=99").statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v1/audit/export?project=99").statusCode()).isEqualTo(404);
    assertThat(api.getJson("/api/v1/audit")).isEmpty();
    assertThat(api.get("/api/v1/audit/export").body()).isEmpty();
    assertThat(api.getJson("/api/v1/audit/verify").get("ok").asBoolean()).isTrue();
  }
}
