package dev.kintsugi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.runtime.signal.AlertmanagerWebhook;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that only serves and a worker (no HTTP) on one database: Alertmanager posts to the serving
 * node, the worker runs the runbook once, and the resolution posted to the serving node verifies it
 * on the worker.
 */
class RuntimeNodesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger calls = new AtomicInteger();
  private final List<String> serveLog = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private HttpServer target;
  private Javalin app;

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (app != null) {
      app.stop();
    }
    if (target != null) {
      target.stop(0);
    }
  }

  private ServerExtension.Context context(String url, List<String> log) {
    Database db = Database.open(url);
    open.add(db);
    Clock clock = Clock.systemUTC();
    Store store = new Store(db, clock, new SecureRandom());
    if (store.projectNamed("shop").isEmpty()) {
      store.createProject("shop", Optional.empty(), List.of());
    }
    return new ServerExtension.Context(
        db, store, new AuditStore(db, clock), JSON, clock, log::add, List.of(), a -> {});
  }

  @Test
  void anAlertPostedToANodeThatOnlyServesIsActedOnOnceByTheWorker() throws Exception {
    target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    target.createContext(
        "/cache/clear",
        exchange -> {
          calls.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    target.start();
    Files.writeString(dir.resolve("policy.yml"), "runtime:\n  \"*\": { allowed: [http] }\n");
    Path config = dir.resolve("runtime.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "project: shop",
            "policy: policy.yml",
            "runbooks:",
            "  - name: clear-cache",
            "    when: { alert: HighErrorRate }",
            "    do:",
            "      - http: { url: \"http://127.0.0.1:"
                + target.getAddress().getPort()
                + "/cache/clear\" }",
            "    verify: { within: 20s, every: 200ms }",
            ""));
    String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();

    RuntimeExtension serving = RuntimeExtension.read(config);
    ServerExtension.Context servingContext = context(url, serveLog).withNodeId("web-1").serveOnly();
    app = Javalin.create(c -> c.showJavalinBanner = false);
    serving.start(app, servingContext);
    open.add(serving);
    app.start("127.0.0.1", 0);
    assertThat(post(alert("firing")).statusCode()).isEqualTo(200);

    RuntimeExtension worker = RuntimeExtension.read(config);
    worker.startWork(context(url, new CopyOnWriteArrayList<>()).withNodeId("worker-1"));
    open.add(worker);
    await(() -> calls.get() == 1);
    assertThat(post(alert("resolved")).statusCode()).isEqualTo(200);
    await(() -> "recovered".equals(runs().path(0).path("outcome").asText()));

    assertThat(runs()).hasSize(1);
    assertThat(calls).hasValue(1);
    List<AuditEntry> triggered = new ArrayList<>();
    for (AuditEntry e : servingContext.audit().entries(Optional.empty())) {
      if (e.action().equals("runtime.triggered")) {
        triggered.add(e);
      }
    }
    assertThat(triggered)
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).containsEntry("node", "worker-1"));
    assertThat(serveLog).anyMatch(l -> l.contains("web-1 serves the runtime routes only"));
  }

  private static String alert(String status) {
    return "{\"version\":\"4\",\"status\":\""
        + status
        + "\",\"alerts\":[{\"status\":\""
        + status
        + "\",\"labels\":{\"alertname\":\"HighErrorRate\"},"
        + "\"startsAt\":\"2026-12-06T12:00:00Z\",\"endsAt\":\""
        + (status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-12-06T12:05:00Z")
        + "\",\"fingerprint\":\"abc\"}]}";
  }

  /** The runs as the serving node's route answers. */
  private JsonNode runs() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/runtime/runs?project=shop")).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(AlertmanagerWebhook.PATH))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.holds()) {
      assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
