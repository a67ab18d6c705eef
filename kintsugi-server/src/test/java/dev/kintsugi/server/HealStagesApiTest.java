package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.core.incident.HealSteps;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A production heal's stages through REST (issue 12): stored as the healer reports them, in order,
 * timed, per run, while the run runs and after it ended. The healer is a stand-in that reports
 * stages the way {@code kintsugi-heal} does.
 */
class HealStagesApiTest {

  @TempDir Path dir;
  private KintsugiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A healer that reports its stages through {@code body}; the one-argument heal is not used. */
  private interface StagedHealer extends IncidentHealer {
    @Override
    default IncidentHealOutcome heal(IncidentHealRequest request) {
      throw new AssertionError("the scheduler must pass a HealSteps");
    }

    @Override
    IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps);
  }

  private ServerFixture start(StagedHealer healer, int concurrency) {
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .adminToken(ServerFixture.TOKEN)
                .repoRoot(dir)
                .build(),
            healer,
            concurrency,
            line -> {});
    return new ServerFixture(server.port());
  }

  private static IncidentHealOutcome fixed() {
    return new IncidentHealOutcome(
        "fixed",
        "fixed with template:null-guard",
        Optional.of("kintsugi/fix-1"),
        Optional.of("abc123"),
        Optional.of(0.9),
        true,
        "{\"status\":\"fixed\"}");
  }

  /** A project with a repository whose incidents heal at their first event, two at a time. */
  private JsonNode project(ServerFixture api) throws Exception {
    Path repo;
    try {
      repo = Files.createDirectories(dir.resolve("repo")).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var created =
        api.send(
            "POST",
            "/api/v1/projects",
            "{\"name\":\"shop\",\"repo\":\"" + repo + "\",\"inAppPrefixes\":[\"com.acme\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode p = ServerFixture.JSON.readTree(created.body());
    var policy =
        api.send(
            "PUT",
            "/api/v1/projects/" + p.get("id").asLong() + "/heal-policy",
            "{\"minFrameEvents\":1,\"concurrentHeals\":2}");
    assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
    return p;
  }

  /** Sends one event; returns its incident's id. */
  private static long incident(ServerFixture api, JsonNode project, String id, String function)
      throws Exception {
    var r =
        api.postEnvelope(
            project.get("id").asLong(),
            ServerFixture.key(project),
            ServerFixture.envelope(id, "IllegalStateException", function)
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode i :
        api.getJson("/api/v1/projects/" + project.get("id").asLong() + "/incidents")) {
      if (i.get("culprit").asText().contains(function)) {
        return i.get("id").asLong();
      }
    }
    throw new AssertionError("no incident for " + function);
  }

  /** The incident's only run, once {@code until} holds for it. */
  private static JsonNode run(ServerFixture api, long incident, Predicate<JsonNode> until)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      JsonNode runs = api.getJson("/api/v1/incidents/" + incident).get("healingRuns");
      if (runs.size() == 1 && until.test(runs.get(0))) {
        return runs.get(0);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out; runs of incident " + incident + ": " + runs);
      }
      Thread.sleep(50);
    }
  }

  private static Predicate<JsonNode> status(String status) {
    return run -> statusOf(run).equals(status);
  }

  private static String statusOf(JsonNode run) {
    return run.get("status").asText();
  }

  private static List<String> field(JsonNode stages, String name) {
    List<String> out = new ArrayList<>();
    stages.forEach(s -> out.add(s.get(name).asText()));
    return out;
  }

  /** Every stage has a time; they follow each other; none lasts less than nothing. */
  private static void wellTimed(JsonNode stages) {
    Instant previous = Instant.MIN;
    for (JsonNode stage : stages) {
      Instant at = Instant.parse(stage.get("at").asText());
      assertThat(at).as(stage.toString()).isAfterOrEqualTo(previous);
      assertThat(stage.get("ms").isIntegralNumber()).as(stage.toString()).isTrue();
      assertThat(stage.get("ms").asLong()).as(stage.toString()).isGreaterThanOrEqualTo(0);
      previous = at;
    }
  }

  @Test
  void aRunsStagesShowInOrderWithTheirTimesWhileItRunsAndAfterItEnds() throws Exception {
    CountDownLatch reproducing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ServerFixture api =
        start(
            (request, steps) -> {
              steps.step("reproduce", "running the reproduction test");
              reproducing.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              steps.step("candidates", "3 candidate(s)");
              steps.step("deliver", "branch kintsugi/fix-1");
              return fixed();
            },
            1);
    JsonNode p = project(api);
    long incident = incident(api, p, "a".repeat(32), "total");
    assertThat(reproducing.await(20, TimeUnit.SECONDS)).isTrue();

    JsonNode running = run(api, incident, status("running"));
    long runId = running.get("id").asLong();
    assertThat(field(running.get("stages"), "stage")).containsExactly("start", "reproduce");
    assertThat(field(running.get("stages"), "message"))
        .containsExactly(
            "healing incident " + incident + " (new incident)", "running the reproduction test");
    wellTimed(running.get("stages"));

    JsonNode one = api.getJson("/api/v1/heal-runs/" + runId);
    assertThat(one.get("id").asLong()).isEqualTo(runId);
    assertThat(one.get("incidentId").asLong()).isEqualTo(incident);
    assertThat(one.get("status").asText()).isEqualTo("running");
    assertThat(field(one.get("stages"), "stage")).containsExactly("start", "reproduce");
    wellTimed(one.get("stages"));

    // A running run's last stage lasts as long as it runs so far.
    Thread.sleep(400);
    JsonNode later = api.getJson("/api/v1/heal-runs/" + runId).get("stages");
    assertThat(later.get(1).get("ms").asLong()).isGreaterThanOrEqualTo(350);
    assertThat(later.get(0)).as("a stage that ended keeps its time").isEqualTo(one.at("/stages/0"));

    release.countDown();
    JsonNode ended = run(api, incident, status("fixed"));
    JsonNode stages = ended.get("stages");
    assertThat(field(stages, "stage"))
        .containsExactly("start", "reproduce", "candidates", "deliver", "done");
    assertThat(field(stages, "message"))
        .containsExactly(
            "healing incident " + incident + " (new incident)",
            "running the reproduction test",
            "3 candidate(s)",
            "branch kintsugi/fix-1",
            "fixed: fixed with template:null-guard");
    wellTimed(stages);
    assertThat(stages.get(1).get("ms").asLong())
        .as("reproduce lasted while the healer was held")
        .isGreaterThanOrEqualTo(350);

    ObjectNode alone = (ObjectNode) api.getJson("/api/v1/heal-runs/" + runId);
    assertThat(alone.remove("incidentId").asLong()).isEqualTo(incident);
    assertThat(alone).as("the same run as in healingRuns").isEqualTo(ended);
  }

  @Test
  void anUnknownRunIsA404ThatSaysSoAndRunsNeedTheAdminToken() throws Exception {
    ServerFixture api = start((request, steps) -> fixed(), 1);
    HttpResponse<String> unknown = api.get("/api/v1/heal-runs/987654");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(ServerFixture.JSON.readTree(unknown.body()).get("error").asText())
        .isEqualTo("no heal run 987654");
    assertThat(api.get("/api/v1/heal-runs/nope").statusCode()).isEqualTo(404);

    HttpResponse<String> anonymous =
        api.http.send(
            HttpRequest.newBuilder(URI.create(api.base + "/api/v1/heal-runs/1")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void aStepsOverlongStageAndMessageAreCutWithoutBreakingCharacters() throws Exception {
    String smile = new String(Character.toChars(0x1F600));
    ServerFixture api =
        start(
            (request, steps) -> {
              steps.step("s".repeat(100), "x".repeat(5000));
              steps.step("emoji", smile.repeat(600));
              steps.step("nul", "a\u0000b");
              steps.step(null, null);
              return fixed();
            },
            1);
    JsonNode p = project(api);
    long incident = incident(api, p, "b".repeat(32), "total");
    JsonNode stages = run(api, incident, status("fixed")).get("stages");
    assertThat(field(stages, "stage"))
        .containsExactly("start", "s".repeat(39) + "…", "emoji", "nul", "step", "done");

    String cut = stages.get(1).get("message").asText();
    assertThat(cut).hasSize(1000).startsWith("xxxx").endsWith("…");
    assertThat(cut.substring(0, 999)).matches("x+");
    String emoji = stages.get(2).get("message").asText();
    assertThat(emoji.length()).isBetween(990, 1000);
    assertThat(emoji.codePoints().filter(c -> c != 0x1F600 && c != '…')).isEmpty();
    assertThat(stages.get(3).get("message").asText()).isEqualTo("a\uFFFDb");
    assertThat(stages.get(4).get("message").asText()).isEmpty();
  }

  @Test
  void twoHealsAtOnceKeepEachRunsStepsApart() throws Exception {
    int steps = 10;
    CyclicBarrier together = new CyclicBarrier(2);
    ServerFixture api =
        start(
            (request, report) -> {
              try {
                // Lock-step: each heal reports a step, then waits for the other to report its own.
                for (int i = 1; i <= steps; i++) {
                  together.await(20, TimeUnit.SECONDS);
                  report.step("work", request.incidentId() + ":" + i);
                }
                together.await(20, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException("the two heals did not run together", e);
              }
              return fixed();
            },
            2);
    JsonNode p = project(api);
    long first = incident(api, p, "c".repeat(32), "first");
    long second = incident(api, p, "d".repeat(32), "second");
    assertThat(first).isNotEqualTo(second);

    for (long incident : List.of(first, second)) {
      JsonNode run = run(api, incident, r -> !List.of("queued", "running").contains(statusOf(r)));
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("fixed");
      JsonNode stages = run.get("stages");
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= steps; i++) {
        expected.add(incident + ":" + i);
      }
      List<String> messages = field(stages, "message");
      assertThat(messages.subList(1, messages.size() - 1)).isEqualTo(expected);
      assertThat(field(stages, "stage")).first().isEqualTo("start");
      assertThat(field(stages, "stage")).last().isEqualTo("done");
      wellTimed(stages);
    }
  }

  @Test
  void aRunResumedAfterAStopKeepsItsFirstAttemptsStagesAndAddsItsOwnAfterThem() throws Exception {
    CountDownLatch reproducing = new CountDownLatch(1);
    ServerFixture api =
        start(
            (request, steps) -> {
              steps.step("reproduce", "first attempt");
              reproducing.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return IncidentHealOutcome.error("interrupted", "{}");
            },
            1);
    JsonNode p = project(api);
    long incident = incident(api, p, "e".repeat(32), "total");
    assertThat(reproducing.await(20, TimeUnit.SECONDS)).isTrue();
    server.close();
    server = null;

    api =
        start(
            (request, steps) -> {
              steps.step("deliver", "second attempt");
              return fixed();
            },
            1);
    JsonNode stages = run(api, incident, status("fixed")).get("stages");
    assertThat(field(stages, "stage"))
        .containsExactly("start", "reproduce", "stopped", "start", "deliver", "done");
    assertThat(field(stages, "message")).contains("first attempt", "second attempt");
    wellTimed(stages);
  }
}
