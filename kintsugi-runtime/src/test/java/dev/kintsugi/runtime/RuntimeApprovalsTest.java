package dev.kintsugi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.runbook.RunbookRun;
import dev.kintsugi.runtime.runbook.RunbookRuns;
import dev.kintsugi.runtime.signal.AlertmanagerWebhook;
import dev.kintsugi.server.RuntimeApprovals;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension offers the server its decisions on runbook runs ({@link RuntimeApprovals}, which
 * the dashboard's Approve and Reject call), backed by its runbook engine.
 */
class RuntimeApprovalsTest {
  @TempDir Path dir;
  Database db;
  RuntimeExtension runtime;
  Javalin app;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (app != null) {
      app.stop();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void itRegistersApprovalsThatDecideRunsAwaitingApproval() throws Exception {
    Files.writeString(
        dir.resolve("policy.yml"), "runtime:\n  \"*\": { requireApproval: [flag] }\n");
    Path flags = dir.resolve("flags.json");
    Files.writeString(flags, "{\"flags\":{}}");
    Path config = dir.resolve("runtime.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 1",
            "project: shop",
            "policy: policy.yml",
            "runbooks:",
            "  - name: pricing-off",
            "    when: { alert: ShopDown }",
            "    do:",
            "      - flag: { file: " + flags + ", flag: new-pricing, variant: off }",
            "    verify: { within: 1s }",
            ""));
    runtime = RuntimeExtension.read(config);
    db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
    Clock clock = Clock.systemUTC();
    Store store = new Store(db, clock, new SecureRandom());
    store.createProject("shop", Optional.empty(), List.of());
    AtomicReference<RuntimeApprovals> offered = new AtomicReference<>();
    app = Javalin.create(c -> c.showJavalinBanner = false);
    runtime.start(
        app,
        new ServerExtension.Context(
            db,
            store,
            new AuditStore(db, clock),
            new ObjectMapper(),
            clock,
            line -> {},
            List.of(),
            offered::set));
    app.start("127.0.0.1", 0);
    assertThat(offered.get()).as("approvals offered at start").isNotNull();

    String alert =
        "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"ShopDown\"},"
            + "\"annotations\":{},\"startsAt\":\""
            + Instant.now()
            + "\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"ab12\"}]}";
    HttpResponse<String> posted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + AlertmanagerWebhook.PATH))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alert))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    RunbookRuns runs = new RunbookRuns(db, clock);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (runs.runs("shop", 1).stream()
            .noneMatch(r -> r.state().equals(RunbookRun.AWAITING_APPROVAL))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    RunbookRun waiting = runs.runs("shop", 1).get(0);
    assertThat(waiting.state()).isEqualTo(RunbookRun.AWAITING_APPROVAL);

    assertThat(offered.get().reject(waiting.id(), "alice", "not during the sale")).isTrue();
    assertThat(offered.get().approve(waiting.id(), "alice")).as("decided already").isFalse();
    assertThat(offered.get().approve(987654, "alice")).as("no such run").isFalse();
    RunbookRun rejected = runs.run(waiting.id()).orElseThrow();
    assertThat(rejected.outcome()).contains("rejected");
    assertThat(rejected.approvedBy()).contains("alice");
    assertThat(rejected.approvalNote()).contains("not during the sale");
    assertThat(Files.readString(flags)).as("nothing done").isEqualTo("{\"flags\":{}}");
  }
}
