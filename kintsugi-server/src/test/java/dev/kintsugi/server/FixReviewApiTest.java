package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.ApprovalOutcome;
import dev.kintsugi.core.incident.FixApproval;
import dev.kintsugi.core.incident.FixRejection;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.core.incident.RejectionOutcome;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's side of approving and rejecting fixes, over HTTP with a real database and a real
 * webhook receiver: what the healer is asked, what is stored, how the incident moves, what the
 * audit trail holds, and every refusal. The healer is a recording stand-in (merging and closing on
 * real repositories and a fake forge are {@code kintsugi-heal}'s, tested there and end to end in
 * {@code kintsugi-cli}); its approval outcome is set per test.
 */
class FixReviewApiTest {

  static final String FIX = "f1f1f1f1f1f1f1f1";
  static final String BASE = "b0b0b0b0b0b0b0b0";
  static final String MERGE = "e0e0e0e0e0e0e0e0";
  static final String PR = "https://git.example/acme/shop/pulls/4";

  @TempDir Path dir;
  private KintsugiServer server;
  private HealingServer running;
  private List<JsonNode> notifications;
  private final List<FixApproval> approvals = new CopyOnWriteArrayList<>();
  private final List<FixRejection> rejections = new CopyOnWriteArrayList<>();
  private volatile ApprovalOutcome approval =
      ApprovalOutcome.merged("pull request #4 merged", MERGE);
  private volatile String healed = "fixed";

  private final IncidentHealer healer =
      new IncidentHealer() {
        @Override
        public IncidentHealOutcome heal(IncidentHealRequest request) {
          return new IncidentHealOutcome(
                  healed,
                  "fixed with template:off-by-one",
                  Optional.of("kintsugi/fix-f1f1f1f1"),
                  Optional.of(FIX),
                  Optional.of(0.8),
                  true,
                  "{\"status\":\"fixed\",\"baseCommit\":\""
                      + BASE
                      + "\",\"fix\":{\"files\":[\"Cart.java\"]}}")
              .withDelivery(
                  Optional.of(new PullRequestRef(PR, 4)),
                  Optional.of("require_approval"),
                  Optional.empty());
        }

        @Override
        public ApprovalOutcome approve(FixApproval request, AuditLog audit) {
          approvals.add(request);
          audit.append(AuditRecord.by(request.by(), "fix.approved", "branch", request.branch()));
          return approval;
        }

        @Override
        public RejectionOutcome reject(FixRejection request, AuditLog audit) {
          rejections.add(request);
          audit.append(AuditRecord.by(request.by(), "fix.rejected", "branch", request.branch()));
          return new RejectionOutcome(
              "rejected: pull request #4 closed; branch kintsugi/fix-f1f1f1f1 kept; recorded as"
                  + " rejected in the fix ledger",
              true,
              Optional.of(request.branch()),
              "recorded as rejected in the fix ledger");
        }
      };

  @BeforeEach
  void start() throws IOException {
    running = new HealingServer(dir, healer);
    server = running.server;
    notifications = running.notifications;
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  private ServerFixture api() {
    return new ServerFixture(server.port());
  }

  /** A project whose first event is healed; returns the run, once its fix is proposed. */
  private JsonNode proposedFix(ServerFixture api, String name) throws Exception {
    String repo = Files.createDirectories(dir.resolve(name)).toRealPath().toString();
    JsonNode p =
        api.createProjectWith(
            "{\"name\":\""
                + name
                + "\",\"repo\":\""
                + repo
                + "\",\"inAppPrefixes\":[\"com.acme\"],\"autoHeal\":\"new\"}");
    long project = p.get("id").asLong();
    var policy =
        api.send("PUT", "/api/v1/projects/" + project + "/heal-policy", "{\"minFrameEvents\":1}");
    assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
    var r =
        api.postEnvelope(
            project,
            ServerFixture.key(p),
            ServerFixture.envelope(
                    String.format("%032x", project), "IllegalStateException", "total", "1.0")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    await(
        "the heal of " + name,
        () -> {
          JsonNode incidents = get(api, "/api/v1/projects/" + project + "/incidents");
          return incidents.size() == 1
              && !get(api, "/api/v1/incidents/" + incidents.get(0).get("id").asLong())
                  .path("healingRuns")
                  .path(0)
                  .path("status")
                  .asText("queued")
                  .matches("queued|running");
        });
    long incident =
        get(api, "/api/v1/projects/" + project + "/incidents").get(0).get("id").asLong();
    await(
        "the incident's status",
        () -> !get(api, "/api/v1/incidents/" + incident).path("status").asText().equals("healing"));
    JsonNode run = get(api, "/api/v1/incidents/" + incident).get("healingRuns").get(0);
    return run;
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

  private static JsonNode get(ServerFixture api, String path) {
    try {
      return api.getJson(path);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String incidentStatus(ServerFixture api, JsonNode run) {
    return get(api, "/api/v1/incidents/" + run.get("incidentId").asLong()).get("status").asText();
  }

  private static List<String> trail(ServerFixture api, long incident) {
    List<String> actions = new ArrayList<>();
    get(api, "/api/v1/audit?incident=" + incident)
        .forEach(e -> actions.add(e.get("action").asText() + " by " + e.get("actor").asText()));
    return actions;
  }

  private static String path(JsonNode run, String verdict) {
    return "/api/v1/heal-runs/" + run.get("id").asLong() + "/" + verdict;
  }

  @Test
  void anApprovedFixTheHealerMergesResolvesTheIncidentAndIsWatched() throws Exception {
    ServerFixture api = api();
    JsonNode run = proposedFix(api, "shop");
    long incident =
        get(api, "/api/v1/heal-runs/" + run.get("id").asLong()).get("incidentId").asLong();
    assertThat(run.get("review").isNull()).isTrue();

    HttpResponse<String> ok = api.send("POST", path(run, "approve"), "{\"by\":\" ana \"}");

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode after = ServerFixture.JSON.readTree(ok.body());
    assertThat(after.get("outcome").asText()).isEqualTo("merged");
    assertThat(after.get("summary").asText()).isEqualTo("pull request #4 merged");
    assertThat(after.get("merged").asBoolean()).isTrue();
    assertThat(after.get("mergeCommit").asText()).isEqualTo(MERGE);
    assertThat(after.get("mergedBy").asText()).isEqualTo("ana");
    assertThat(after.get("review").get("by").asText()).isEqualTo("ana");
    assertThat(after.get("review").get("verdict").asText()).isEqualTo("approved");
    assertThat(after.get("review").get("note").asText()).isEqualTo("pull request #4 merged");
    assertThat(after.get("review").get("at").asText()).isNotBlank();
    assertThat(after.get("watch").get("state").asText()).isEqualTo("watching");
    assertThat(after.get("watch").get("mergeCommit").asText()).isEqualTo(MERGE);
    assertThat(get(api, "/api/v1/incidents/" + incident).get("status").asText())
        .isEqualTo("resolved");

    FixApproval asked = approvals.get(0);
    assertThat(asked.by()).isEqualTo("ana");
    assertThat(asked.branch()).isEqualTo("kintsugi/fix-f1f1f1f1");
    assertThat(asked.fixCommit()).isEqualTo(FIX);
    assertThat(asked.baseCommit()).contains(BASE);
    assertThat(asked.pullRequest()).contains(new PullRequestRef(PR, 4));
    assertThat(asked.incidentId()).isEqualTo(incident);
    assertThat(asked.repository()).endsWith("shop");

    assertThat(trail(api, incident))
        .containsSubsequence(
            "heal.finished by kintsugi",
            "fix.approved by ana",
            "heal.reviewed by ana",
            "watch.started by kintsugi")
        .doesNotContain("pull_request.merged by ana"); // the healer's to record, not the server's
    assertThat(get(api, "/api/v1/audit/verify").get("ok").asBoolean()).isTrue();
    await("the merged notification", () -> !notifications.isEmpty());
    assertThat(notifications.get(0).get("event").asText()).isEqualTo("merged");
    assertThat(notifications.get(0).get("summary").asText()).contains("approved by ana");

    assertThat(api.send("POST", path(run, "approve"), "{\"by\":\"bob\"}").statusCode())
        .as("merged already")
        .isEqualTo(409);
    assertThat(api.send("POST", path(run, "reject"), "{\"by\":\"bob\"}").statusCode())
        .as("a merged fix is not rejected")
        .isEqualTo(409);
    assertThat(approvals).hasSize(1);
    assertThat(rejections).isEmpty();
  }

  @Test
  void anApprovalLeftForAPersonIsStoredKeepsTheFixProposedAndMayBeGivenAgainOrTurnedDown()
      throws Exception {
    approval =
        ApprovalOutcome.notMerged(
            "main is checked out in /src/shop: merge kintsugi/fix-f1f1f1f1 there yourself");
    ServerFixture api = api();
    JsonNode run = proposedFix(api, "shop");

    JsonNode after =
        ServerFixture.JSON.readTree(
            api.send("POST", path(run, "approve"), "{\"by\":\"ana\"}").body());

    assertThat(after.get("outcome").asText()).isEqualTo("approved_not_merged");
    assertThat(after.get("summary").asText()).contains("main is checked out in /src/shop");
    assertThat(after.get("merged").asBoolean()).isFalse();
    assertThat(after.get("watch").isNull()).isTrue();
    assertThat(after.get("review").get("verdict").asText()).isEqualTo("approved");
    assertThat(after.get("review").get("note").asText()).contains("merge kintsugi/fix-f1f1f1f1");
    assertThat(incidentStatus(api, after)).isEqualTo("fix_proposed");
    assertThat(notifications).isEmpty();

    // Approved again (the person merged nothing yet): asked again.
    assertThat(api.send("POST", path(run, "approve"), "{\"by\":\"ana\"}").statusCode())
        .isEqualTo(200);
    assertThat(approvals).hasSize(2);
    // An approval that did nothing is a 409 saying why, and stores nothing.
    approval = ApprovalOutcome.failed("not merged: the fix conflicts with main in Cart.java");
    HttpResponse<String> failed = api.send("POST", path(run, "approve"), "{\"by\":\"carl\"}");
    assertThat(failed.statusCode()).isEqualTo(409);
    assertThat(ServerFixture.JSON.readTree(failed.body()).get("error").asText())
        .contains("conflicts with main");
    assertThat(ServerFixture.JSON.readTree(failed.body()).get("outcome").asText())
        .isEqualTo("failed");
    assertThat(
            get(api, "/api/v1/heal-runs/" + run.get("id").asLong())
                .get("review")
                .get("by")
                .asText())
        .isEqualTo("ana");
    // Turned down after all.
    assertThat(api.send("POST", path(run, "reject"), "{\"by\":\"bob\"}").statusCode())
        .isEqualTo(200);
    assertThat(incidentStatus(api, after)).isEqualTo("open");
  }

  @Test
  void aRejectedFixReopensItsIncidentAndIsFinal() throws Exception {
    ServerFixture api = api();
    JsonNode run = proposedFix(api, "shop");
    long incident =
        get(api, "/api/v1/heal-runs/" + run.get("id").asLong()).get("incidentId").asLong();

    HttpResponse<String> ok =
        api.send(
            "POST",
            path(run, "reject"),
            "{\"by\":\"bob\",\"reason\":\"  clamps the index\\ninstead of checking it  \"}");

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode after = ServerFixture.JSON.readTree(ok.body());
    assertThat(after.get("outcome").asText()).isEqualTo("rejected");
    assertThat(after.get("summary").asText())
        .contains("pull request #4 closed")
        .contains("recorded as rejected")
        .contains("incident " + incident + " is open again");
    assertThat(after.get("review").get("verdict").asText()).isEqualTo("rejected");
    assertThat(after.get("review").get("by").asText()).isEqualTo("bob");
    assertThat(after.get("review").get("note").asText())
        .isEqualTo("clamps the index\ninstead of checking it");
    assertThat(after.get("merged").asBoolean()).isFalse();
    assertThat(get(api, "/api/v1/incidents/" + incident).get("status").asText()).isEqualTo("open");

    FixRejection asked = rejections.get(0);
    assertThat(asked.by()).isEqualTo("bob");
    assertThat(asked.reason()).contains("clamps the index\ninstead of checking it");
    assertThat(asked.pullRequest()).contains(new PullRequestRef(PR, 4));
    assertThat(asked.healReport()).contains("Cart.java");
    assertThat(asked.fixCommit()).isEqualTo(FIX);

    assertThat(trail(api, incident))
        .containsSubsequence(
            "fix.rejected by bob", "heal.reviewed by bob", "incident.status_changed by bob");
    assertThat(get(api, "/api/v1/audit/verify").get("ok").asBoolean()).isTrue();

    assertThat(api.send("POST", path(run, "reject"), "{\"by\":\"bob\"}").statusCode())
        .as("rejected already")
        .isEqualTo(409);
    HttpResponse<String> late = api.send("POST", path(run, "approve"), "{\"by\":\"ana\"}");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("rejected already, by bob");
    assertThat(approvals).isEmpty();
    // The incident may be healed again, by hand.
    assertThat(api.send("POST", "/api/v1/incidents/" + incident + "/heal", "").statusCode())
        .isEqualTo(202);
  }

  @Test
  void badVerdictsAreRefusedByNameAndChangeNothing() throws Exception {
    ServerFixture api = api();
    JsonNode run = proposedFix(api, "shop");
    healed = "not_fixed";
    JsonNode unfixed = proposedFix(api, "other");

    String[][] bad = {
      {"approve", "{}", "400", "by is required: who approves it"},
      {"approve", "{\"by\":\"  \"}", "400", "by is required"},
      {"approve", "{\"by\":\"" + "a".repeat(201) + "\"}", "400", "1-200 characters"},
      {"approve", "{\"by\":\"ana\\u202e\"}", "400", "control or formatting"},
      {"approve", "{\"by\":7}", "400", "by is required"},
      {"approve", "{\"by\":\"ana\",\"force\":true}", "400", "unknown field 'force'"},
      {"approve", "[]", "400", "body must be a JSON object"},
      {"approve", "{", "400", "not valid JSON"},
      {"reject", "{\"reason\":\"no\"}", "400", "by is required: who rejects it"},
      {"reject", "{\"by\":\"bob\",\"reason\":3}", "400", "reason must be text"},
      {"reject", "{\"by\":\"bob\",\"reason\":\"" + "r".repeat(1001) + "\"}", "400", "at most 1000"},
      {"reject", "{\"by\":\"bob\",\"reason\":\"a\\u0007b\"}", "400", "control or formatting"},
    };
    for (String[] b : bad) {
      HttpResponse<String> r = api.send("POST", path(run, b[0]), b[1]);
      assertThat(r.statusCode())
          .as(b[0] + " " + b[1] + " → " + r.body())
          .isEqualTo(Integer.parseInt(b[2]));
      assertThat(ServerFixture.JSON.readTree(r.body()).get("error").asText())
          .as(b[1])
          .contains(b[3]);
    }
    assertThat(api.send("POST", "/api/v1/heal-runs/999/approve", "{\"by\":\"ana\"}").statusCode())
        .isEqualTo(404);
    assertThat(api.send("POST", "/api/v1/heal-runs/x/reject", "{\"by\":\"ana\"}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> notFixed = api.send("POST", path(unfixed, "approve"), "{\"by\":\"ana\"}");
    assertThat(notFixed.statusCode()).isEqualTo(409);
    assertThat(notFixed.body()).contains("has no fix to review (status not_fixed)");
    assertThat(api.send("POST", path(unfixed, "reject"), "{\"by\":\"ana\"}").statusCode())
        .isEqualTo(409);
    var unauthenticated =
        api.http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api.base + path(run, "approve")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"by\":\"ana\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unauthenticated.statusCode()).isEqualTo(401);

    assertThat(approvals).isEmpty();
    assertThat(rejections).isEmpty();
    assertThat(get(api, "/api/v1/heal-runs/" + run.get("id").asLong()).get("review").isNull())
        .isTrue();
    assertThat(incidentStatus(api, get(api, "/api/v1/heal-runs/" + run.get("id").asLong())))
        .isEqualTo("fix_proposed");
  }
}
