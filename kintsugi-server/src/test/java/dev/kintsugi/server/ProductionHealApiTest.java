package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.HealRunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's side of production healing, over HTTP: which incidents get healed (policy), what the
 * healer receives, how runs and incidents move, and that a run interrupted by a stop resumes. The
 * healer here is a recording stand-in for {@code kintsugi-heal} (tested on its own and end to end
 * in {@code kintsugi-cli}).
 */
class ProductionHealApiTest {

  @TempDir Path dir;
  private KintsugiServer server;
  private final List<IncidentHealRequest> requests = new CopyOnWriteArrayList<>();

  private ServerFixture start(IncidentHealer healer) {
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
            line -> {});
    return new ServerFixture(server.port());
  }

  /** A local repository under the server's repository root, as the server stores it. */
  private String repo(String name) {
    try {
      return Files.createDirectories(dir.resolve(name)).toRealPath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private IncidentHealer fixing() {
    return request -> {
      requests.add(request);
      return new IncidentHealOutcome(
          "fixed",
          "fixed with template:null-guard",
          Optional.of("kintsugi/fix-1234abcd"),
          Optional.of("1234abcd99"),
          Optional.of(0.9),
          true,
          "{\"status\":\"fixed\",\"branch\":\"kintsugi/fix-1234abcd\"}");
    };
  }

  /**
   * A project whose new incidents heal at their first event (these tests are about scheduling; the
   * default, two events, is tested below).
   */
  private static JsonNode project(ServerFixture api, String body) throws Exception {
    JsonNode p = defaultProject(api, body);
    policy(api, p, "{\"minFrameEvents\":1}");
    return p;
  }

  private static JsonNode defaultProject(ServerFixture api, String body) throws Exception {
    var r = api.send("POST", "/api/v1/projects", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return ServerFixture.JSON.readTree(r.body());
  }

  private static JsonNode policy(ServerFixture api, JsonNode project, String body)
      throws Exception {
    var r =
        api.send("PUT", "/api/v1/projects/" + project.get("id").asLong() + "/heal-policy", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return ServerFixture.JSON.readTree(r.body());
  }

  private static void send(ServerFixture api, JsonNode project, String id, String function)
      throws Exception {
    var r =
        api.postEnvelope(
            project.get("id").asLong(),
            ServerFixture.key(project),
            ServerFixture.envelope(id, "IllegalStateException", function)
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
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

  private static JsonNode incidents(ServerFixture api, JsonNode project) throws Exception {
    return api.getJson("/api/v1/projects/" + project.get("id").asLong() + "/incidents");
  }

  @Test
  void theServerPreparesAProjectsBranchWhenRegisteredAndEachReleaseOfItsEventsOnce()
      throws Exception {
    List<String> prepared = new CopyOnWriteArrayList<>();
    IncidentHealer fixing = fixing();
    ServerFixture api =
        start(
            new IncidentHealer() {
              @Override
              public IncidentHealOutcome heal(IncidentHealRequest request) {
                return fixing.heal(request);
              }

              @Override
              public void prepare(String repository, String release, List<String> trusted) {
                prepared.add(repository + "@" + release);
              }
            });
    String repo = repo("svc");
    JsonNode p =
        project(
            api,
            "{\"name\":\"svc\",\"repo\":\""
                + repo
                + "\",\"inAppPrefixes\":[\"com.acme\"],\"autoHeal\":\"new\"}");
    // Registered: its default branch is prepared before any incident.
    await("the branch prepared", () -> prepared.contains(repo + "@null"));

    send(api, p, "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", "charge");
    send(api, p, "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2", "refund");
    await("release 1.0 prepared", () -> prepared.contains(repo + "@1.0"));
    Thread.sleep(2_500); // two more polls: a release is asked for once
    assertThat(prepared).containsOnlyOnce(repo + "@1.0", repo + "@null");
  }

  @Test
  void healsANewIncidentOfAProjectWithARepositoryAndStoresTheRun() throws Exception {
    ServerFixture api = start(fixing());
    JsonNode p =
        project(
            api,
            "{\"name\":\"shop\",\"repo\":\""
                + repo("shop")
                + "\",\"inAppPrefixes\":[\"com.acme\"]}");
    assertThat(p.get("autoHeal").asText()).isEqualTo("new");

    send(api, p, "a".repeat(32), "total");
    await("a fix", () -> !requests.isEmpty());
    IncidentHealRequest request = requests.get(0);
    assertThat(request.repository()).isEqualTo(repo("shop"));
    assertThat(request.inAppPackages()).containsExactly("com.acme");
    assertThat(request.error().rootCause().orElseThrow().type()).isEqualTo("IllegalStateException");
    assertThat(request.error().rootCause().orElseThrow().throwSiteInApp().orElseThrow().method())
        .isEqualTo("total");
    assertThat(request.error().release()).contains("1.0");

    long incident = incidents(api, p).get(0).get("id").asLong();
    await(
        "fix_proposed",
        () -> {
          try {
            return api.getJson("/api/v1/incidents/" + incident)
                .get("status")
                .asText()
                .equals("fix_proposed");
          } catch (Exception e) {
            return false;
          }
        });
    JsonNode detail = api.getJson("/api/v1/incidents/" + incident);
    JsonNode run = detail.get("healingRuns").get(0);
    assertThat(run.get("status").asText()).isEqualTo("fixed");
    assertThat(run.get("branch").asText()).isEqualTo("kintsugi/fix-1234abcd");
    assertThat(run.get("trigger").asText()).isEqualTo("new incident");
    assertThat(run.get("reproduced").asBoolean()).isTrue();
    assertThat(run.get("confidence").asDouble()).isEqualTo(0.9);
    JsonNode report = api.getJson(run.get("report").asText());
    assertThat(report.get("branch").asText()).isEqualTo("kintsugi/fix-1234abcd");

    // More events of the same incident do not heal it again.
    send(api, p, "b".repeat(32), "total");
    Thread.sleep(1500);
    assertThat(requests).hasSize(1);
    assertThat(api.get("/metrics").body()).contains("kintsugi_heal_runs_total{status=\"fixed\"}");
  }

  @Test
  void followsEachProjectsPolicyAndNeverHealsWithoutARepository() throws Exception {
    ServerFixture api = start(fixing());
    JsonNode noRepo = project(api, "{\"name\":\"a\",\"inAppPrefixes\":[\"com.acme\"]}");
    JsonNode off =
        project(api, "{\"name\":\"b\",\"repo\":\"" + repo("r") + "\",\"autoHeal\":\"off\"}");
    JsonNode threshold =
        project(
            api,
            "{\"name\":\"c\",\"repo\":\""
                + repo("r")
                + "\",\"autoHeal\":\"threshold\",\"healThreshold\":3}");
    assertThat(threshold.get("healThreshold").asInt()).isEqualTo(3);
    send(api, noRepo, "1".repeat(32), "f");
    send(api, off, "2".repeat(32), "f");
    send(api, threshold, "3".repeat(32), "f");
    send(api, threshold, "4".repeat(32), "f");
    Thread.sleep(1500);
    assertThat(requests).isEmpty();

    send(api, threshold, "5".repeat(32), "f");
    await("the third event to trigger a heal", () -> requests.size() == 1);
    assertThat(incidents(api, threshold).get(0).get("count").asInt()).isEqualTo(3);

    // Asking by hand works for the "off" project; without a repository it is refused.
    long offIncident = incidents(api, off).get(0).get("id").asLong();
    var queued = api.send("POST", "/api/v1/incidents/" + offIncident + "/heal", "{}");
    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
    await("the requested heal", () -> requests.size() == 2);
    long noRepoIncident = incidents(api, noRepo).get(0).get("id").asLong();
    var refused = api.send("POST", "/api/v1/incidents/" + noRepoIncident + "/heal", "{}");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("no repository");
    assertThat(api.send("POST", "/api/v1/incidents/99999/heal", "{}").statusCode()).isEqualTo(404);

    var bad =
        api.send("PATCH", "/api/v1/projects/" + off.get("id").asLong(), "{\"autoHeal\":\"x\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("autoHeal must be one of off, new, threshold");
    var turnedOn =
        api.send("PATCH", "/api/v1/projects/" + off.get("id").asLong(), "{\"autoHeal\":\"new\"}");
    assertThat(ServerFixture.JSON.readTree(turnedOn.body()).get("autoHeal").asText())
        .isEqualTo("new");
  }

  @Test
  void aFailedHealLeavesTheIncidentOpenAndAHealerCrashIsRecordedAsAnError() throws Exception {
    ServerFixture api =
        start(
            request -> {
              requests.add(request);
              if (request.error().rootCause().orElseThrow().frames().get(0).method().equals("x")) {
                throw new IllegalStateException("disk full");
              }
              return new IncidentHealOutcome(
                  "not_fixed",
                  "no candidate passed every gate",
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  false,
                  "{\"status\":\"not_fixed\"}");
            });
    JsonNode p =
        project(
            api,
            "{\"name\":\"s\",\"repo\":\"" + repo("r") + "\",\"inAppPrefixes\":[\"com.acme\"]}");
    send(api, p, "c".repeat(32), "f");
    send(api, p, "d".repeat(32), "x");
    await("both heals", () -> requests.size() == 2);
    Thread.sleep(300);
    for (JsonNode incident : incidents(api, p)) {
      JsonNode detail = api.getJson("/api/v1/incidents/" + incident.get("id").asLong());
      assertThat(detail.get("status").asText()).isEqualTo("open");
      JsonNode run = detail.get("healingRuns").get(0);
      if (incident.get("culprit").asText().contains("x")) {
        assertThat(run.get("status").asText()).isEqualTo("error");
        assertThat(run.get("summary").asText()).contains("disk full");
      } else {
        assertThat(run.get("status").asText()).isEqualTo("not_fixed");
      }
    }
  }

  @Test
  void aRunInterruptedByAStopIsHealedAfterTheNextStart() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    ServerFixture api =
        start(
            request -> {
              entered.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new IncidentHealOutcome(
                  "error",
                  "interrupted",
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  false,
                  "{}");
            });
    JsonNode p =
        project(
            api,
            "{\"name\":\"s\",\"repo\":\"" + repo("r") + "\",\"inAppPrefixes\":[\"com.acme\"]}");
    send(api, p, "e".repeat(32), "f");
    assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
    server.close();
    server = null;
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT status FROM heal_run")) {
      var rs = ps.executeQuery();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("running"); // the stop did not record an outcome
      assertThat(new HealRunStore(db, Clock.systemUTC()).report(1)).isEmpty();
    }

    api = start(fixing());
    await("the resumed heal", () -> requests.size() == 1);
    long incident = incidents(api, p).get(0).get("id").asLong();
    ServerFixture a = api;
    await(
        "the resumed run to end",
        () -> {
          try {
            return a.getJson("/api/v1/incidents/" + incident)
                .at("/healingRuns/0/status")
                .asText()
                .equals("fixed");
          } catch (Exception e) {
            return false;
          }
        });
    assertThat(api.getJson("/api/v1/incidents/" + incident).get("healingRuns")).hasSize(1);
  }

  @Test
  void aNewIncidentSeenOnceWaitsForASecondEventAndSaysWhyThenHealsWithItsSightings()
      throws Exception {
    ServerFixture api = start(fixing());
    JsonNode p =
        defaultProject(
            api,
            "{\"name\":\"shop\",\"repo\":\""
                + repo("shop")
                + "\",\"inAppPrefixes\":[\"com.acme\"]}");
    send(api, p, "a".repeat(32), "total");
    long incident = incidents(api, p).get(0).get("id").asLong();
    await(
        "the wait reason",
        () -> {
          try {
            return api.getJson("/api/v1/incidents/" + incident).get("healWaiting").isTextual();
          } catch (Exception e) {
            return false;
          }
        });
    assertThat(api.getJson("/api/v1/incidents/" + incident).get("healWaiting").asText())
        .contains("waiting for the error to be seen in 2 events (seen in 1)");
    assertThat(requests).isEmpty();

    send(api, p, "a".repeat(32), "total"); // a retry of the same event is no second sighting
    send(api, p, "b".repeat(32), "total");
    await("the heal", () -> !requests.isEmpty());
    IncidentHealRequest request = requests.get(0);
    assertThat(request.minFrameSightings()).isEqualTo(2);
    assertThat(request.sightings("com.acme.Svc.total")).isEqualTo(2);
    assertThat(request.trustedRefs()).isEmpty();
    assertThat(api.getJson("/api/v1/incidents/" + incident).get("healWaiting").isNull()).isTrue();
  }

  @Test
  void twentyNewFingerprintsInAMinuteStartNoMoreHealsThanTheBudgetAllows() throws Exception {
    ServerFixture api = start(fixing());
    JsonNode p =
        project(
            api,
            "{\"name\":\"s\",\"repo\":\"" + repo("r") + "\",\"inAppPrefixes\":[\"com.acme\"]}");
    JsonNode set =
        policy(
            api,
            p,
            "{\"newFingerprintHealsPerHour\":3,\"concurrentHeals\":4,\"healsPerHour\":10,"
                + "\"trustedRefs\":[\"main\",\"release/*\"]}");
    assertThat(set.get("newFingerprintHealsPerHour").asInt()).isEqualTo(3);
    for (int i = 0; i < 20; i++) {
      send(api, p, String.format("%032x", 1000 + i), "f" + i);
    }
    await("three heals", () -> requests.size() == 3);
    Thread.sleep(1500);
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).trustedRefs()).containsExactly("main", "release/*");

    long waiting = 0;
    for (JsonNode incident : incidents(api, p)) {
      JsonNode detail = api.getJson("/api/v1/incidents/" + incident.get("id").asLong());
      if (detail.get("healingRuns").isEmpty()) {
        waiting++;
        assertThat(detail.get("healWaiting").asText())
            .contains("over the heal budget: 3 heal(s) of new incidents")
            .contains("at most 3 per hour")
            .contains("next at ");
      }
    }
    assertThat(waiting).isEqualTo(17);
    JsonNode usage =
        api.getJson("/api/v1/projects/" + p.get("id").asLong() + "/heal-policy").get("usage");
    assertThat(usage.get("newFingerprintHealsLastHour").asInt()).isEqualTo(3);
    assertThat(usage.get("healsLastHour").asInt()).isEqualTo(3);
    String metrics = api.get("/metrics").body();
    assertThat(metrics)
        .containsPattern(
            "kintsugi_heal_budget_used\\{budget=\"new_fingerprint_heals_per_hour\",project=\""
                + p.get("id").asLong()
                + "\",?\\} 3\\.0")
        .containsPattern(
            "kintsugi_heal_budget_limit\\{budget=\"heals_per_hour\",project=\""
                + p.get("id").asLong()
                + "\",?\\} 10\\.0");

    // Raising the budget lets the waiting incidents through.
    policy(api, p, "{\"newFingerprintHealsPerHour\":5}");
    await("two more heals", () -> requests.size() == 5);
  }

  @Test
  void aBadHealPolicyIsRefusedNamingTheField() throws Exception {
    ServerFixture api = start(fixing());
    JsonNode p = project(api, "{\"name\":\"s\",\"repo\":\"" + repo("r") + "\"}");
    String path = "/api/v1/projects/" + p.get("id").asLong() + "/heal-policy";
    for (String[] bad :
        new String[][] {
          {"{\"healsPerHour\":-1}", "healsPerHour must be between 0 and 1000"},
          {"{\"concurrentHeals\":0}", "concurrentHeals must be between 1 and 64"},
          {"{\"minFrameEvents\":\"two\"}", "minFrameEvents must be a whole number"},
          {"{\"trustedRefs\":\"main\"}", "trustedRefs must be an array"},
          {"{\"trustedRefs\":[\"--upload-pack=x\"]}", "is not a branch or tag name"},
          {"{\"trustedRefs\":[\"a..b\"]}", "is not a branch or tag name"},
          {"{\"budget\":1}", "unknown heal policy field 'budget'"},
          {"[1]", "body must be a JSON object"},
        }) {
      var r = api.send("PUT", path, bad[0]);
      assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(r.body()).as(bad[0]).contains(bad[1]);
    }
    assertThat(api.send("PUT", "/api/v1/projects/999/heal-policy", "{}").statusCode())
        .isEqualTo(404);
    assertThat(api.getJson(path).get("minFrameEvents").asInt()).isEqualTo(1);
  }
}
