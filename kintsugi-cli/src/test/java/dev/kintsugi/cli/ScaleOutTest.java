package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import dev.kintsugi.server.store.PostgresSchema;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryStackFrame;
import io.sentry.protocol.SentryStackTrace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's cluster, every part a real process: three {@code kintsugi server --serve-only} nodes
 * and two {@code kintsugi worker}s on one PostgreSQL. The real Sentry SDK sends a burst through all
 * servers (an event one does not acknowledge goes to the next, as behind a load balancer) and one
 * server is killed with {@code kill -9} in the middle of it; two production errors of a real
 * repository are healed by the workers and the worker holding a heal is killed in the middle of it.
 * Then: every acknowledged event is stored exactly once (the dead server's replacement, given its
 * journal, applies what it acknowledged), each incident is healed by exactly one run, onto one
 * branch, and the killed worker's run is finished by the other worker.
 */
class ScaleOutTest {

  private static final String ADMIN = "c".repeat(32);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAX =
      """
      package shop;

      /** Tax bands. */
      public class Tax {
        private static final int[] PERCENT = {0, 10, 20};

        /** Percent of a band; bands past the table pay the top rate. */
        public static int percent(int band) {
          if (band <= PERCENT.length) {
            return PERCENT[band];
          }
          return 45;
        }
      }
      """;

  @TempDir Path tmp;
  private final List<String> said = new CopyOnWriteArrayList<>();
  private final List<ClusterNode> nodes = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private PostgresSchema schema;

  @AfterEach
  void stop() throws Exception {
    for (ClusterNode node : nodes) {
      node.stop();
    }
    if (schema != null) {
      schema.drop();
    }
  }

  @Test
  void threeServersAndTwoWorkersLoseNoEventAndHealEachIncidentOnceThroughKills() throws Exception {
    schema = new PostgresSchema("scale");
    String db = schema.url();
    Path shop = SampleProject.write(tmp.resolve("shop"), cart(), cartTest());
    Files.writeString(shop.resolve("src/main/java/shop/Tax.java"), TAX);
    Git git = Git.initWithCommit(shop);
    String release = git.run("rev-parse", "HEAD").trim();

    // Three serving nodes, each with its own journal; the database URL only in the environment.
    List<ClusterNode> servers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      servers.add(server("s" + i, db));
    }
    List<Integer> ports = new ArrayList<>();
    for (ClusterNode server : servers) {
      ports.add(server.awaitPort());
    }
    long burst = createProject(ports.get(0), "burst", null).get("id").asLong();
    String burstKey = key(adminGet(ports.get(0), "/api/v1/projects/" + burst));
    JsonNode shopProject = createProject(ports.get(1), "shop", shop);
    long shopId = shopProject.get("id").asLong();
    admin(
        ports.get(2),
        "PUT",
        "/api/v1/projects/" + shopId + "/heal-policy",
        "{\"minFrameEvents\":1}");

    // Two workers, one heal at a time each, leases of 3 s.
    ClusterNode w1 = worker("w1", db);
    ClusterNode w2 = worker("w2", db);
    w1.awaitSaid("kintsugi worker running");
    w2.awaitSaid("kintsugi worker running");

    // The production errors, each through another server.
    LoadBalancedSentry shopSdk = new LoadBalancedSentry(key(shopProject), shopId, ports);
    assertThat(shopSdk.send(productionError("Cart", "shipping", "kilos", 4, release), 1)).isTrue();
    assertThat(shopSdk.send(productionError("Tax", "percent", "band", 3, release), 2)).isTrue();

    // The burst, through all three servers; s2 dies in the middle of it.
    LoadBalancedSentry sdk = new LoadBalancedSentry(burstKey, burst, ports);
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      int thread = t;
      running.add(
          clients.submit(
              () -> {
                int n = 0;
                while (sending.get()) {
                  int i = sent.incrementAndGet();
                  try {
                    sdk.send(burstEvent(i % 7), (thread + n++) % 3);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }));
    }
    Thread.sleep(1_500);
    int beforeKill = sdk.acknowledged.size();
    servers.get(1).kill();
    Thread.sleep(1_500);
    sending.set(false);
    for (Future<?> f : running) {
      f.get(60, TimeUnit.SECONDS);
    }
    clients.shutdown();
    sdk.close();
    shopSdk.close();
    assertThat(beforeKill).as("events acknowledged before the kill").isPositive();

    // The worker holding a heal dies a few steps into it; the other one must finish it.
    long[] held = awaitHeldRun(db);
    long killedRun = held[0];
    ClusterNode holder = "w1".equals(owner(db, killedRun)) ? w1 : w2;
    ClusterNode other = holder == w1 ? w2 : w1;
    holder.kill();
    said.add("test: killed " + holder.name + " holding heal run " + killedRun);

    // The dead server's replacement: same journal volume, same node id.
    ClusterNode replacement = server("s2", db);
    int replacementPort = replacement.awaitPort();
    admin(
        replacementPort,
        "GET",
        "/api/v1/projects/" + burst + "/incidents",
        null); // waits for its journal

    awaitHealsEnded(db, shopId);

    // Every acknowledged event stored exactly once, nothing stored twice, counts agree.
    Map<String, Integer> stored = storedEvents(db, burst);
    assertThat(stored.keySet()).containsAll(sdk.acknowledged);
    assertThat(stored.values()).allMatch(n -> n == 1);
    assertThat(eventCounts(db, burst)).isEqualTo(stored.size());
    System.out.println(
        "scale-out: "
            + sent.get()
            + " sends, "
            + sdk.acknowledged.size()
            + " acknowledged, "
            + sdk.retried.size()
            + " retried on another server, "
            + stored.size()
            + " stored (capture "
            + sdk.captureNanos.sum() / 1_000_000
            + " ms, waiting "
            + sdk.waitedNanos.sum() / 1_000_000
            + " ms in all); heal run "
            + killedRun
            + " taken over after "
            + holder.name
            + " was killed");

    // Each incident healed by one run, fixed, on a branch of its own; the killed run finished by
    // the other worker.
    List<String[]> runs =
        rows(
            db,
            "SELECT r.incident_id, r.status, r.branch, r.id FROM heal_run r"
                + " JOIN incident i ON i.id = r.incident_id WHERE i.project_id = ? ORDER BY r.id",
            shopId);
    assertThat(runs).as(String.join("\n", said)).hasSize(2);
    assertThat(runs).extracting(r -> r[1]).containsOnly("fixed");
    assertThat(runs).extracting(r -> r[0]).doesNotHaveDuplicates();
    assertThat(runs).extracting(r -> r[2]).doesNotHaveDuplicates().allMatch(b -> b != null);
    assertThat(
            git.run("for-each-ref", "--format=%(refname:short)", "refs/heads/kintsugi/fix-*")
                .trim()
                .split("\n"))
        .containsExactlyInAnyOrder(runs.stream().map(r -> r[2]).toArray(String[]::new));
    assertThat(owner(db, killedRun)).isEqualTo(other.name);
    // The survivor's own metrics say it took a run over; its probe answers.
    int metrics = other.awaitNumber("/healthz and /metrics on port ");
    assertThat(get(metrics, "/healthz")).contains("\"ok\"");
    assertThat(get(metrics, "/metrics"))
        .containsPattern("kintsugi_heal_takeovers_total\\{node=\"" + other.name + "\"\\} 1\\.0")
        .containsPattern("kintsugi_heal_claimed_total\\{node=\"" + other.name + "\"\\} [1-9]");
    assertThat(
            rows(
                db, "SELECT action FROM audit_entry WHERE heal_run_id = ? ORDER BY seq", killedRun))
        .extracting(r -> r[0])
        .contains("heal.started", "heal.resumed", "heal.finished");
  }

  private String get(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private ClusterNode server(String name, String db) throws Exception {
    ClusterNode node =
        ClusterNode.start(
            name,
            List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + dir(name, "tmp")),
            List.of(
                "server",
                "--serve-only",
                "--node-id",
                name,
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--journal",
                dir(name, "journal").toString(),
                "--repo-root",
                tmp.toString()),
            Map.of("KINTSUGI_DB_URL", db, "KINTSUGI_ADMIN_TOKEN", ADMIN),
            said);
    nodes.add(node);
    return node;
  }

  private ClusterNode worker(String name, String db) throws Exception {
    ClusterNode node =
        ClusterNode.start(
            name,
            List.of("-Xmx512m", "-Djava.io.tmpdir=" + dir(name, "tmp")),
            List.of(
                "worker",
                "--node-id",
                name,
                "--heal-concurrency",
                "1",
                "--heal-lease",
                "3",
                "--state-dir",
                dir(name, "state").toString(),
                "--metrics-host",
                "127.0.0.1",
                "--metrics-port",
                "0"),
            Map.of("KINTSUGI_DB_URL", db),
            said);
    nodes.add(node);
    return node;
  }

  private Path dir(String node, String what) throws Exception {
    return Files.createDirectories(tmp.resolve("nodes").resolve(node).resolve(what));
  }

  /** A heal run held by a worker that has stored a few of its steps: [run id]. */
  private long[] awaitHeldRun(String db) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      List<String[]> held =
          rows(
              db,
              "SELECT r.id FROM heal_run r WHERE r.status = 'running' AND r.lease_owner IS NOT NULL"
                  + " AND (SELECT count(*) FROM heal_run_step s WHERE s.run_id = r.id) >= 3"
                  + " ORDER BY r.id");
      if (!held.isEmpty()) {
        return new long[] {Long.parseLong(held.get(0)[0])};
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no worker got into a heal:\n" + String.join("\n", said));
  }

  private void awaitHealsEnded(String db, long project) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
    while (System.nanoTime() < deadline) {
      List<String[]> runs =
          rows(
              db,
              "SELECT r.status FROM heal_run r JOIN incident i ON i.id = r.incident_id"
                  + " WHERE i.project_id = ?",
              project);
      if (runs.size() >= 2 && runs.stream().noneMatch(r -> r[0].matches("queued|running"))) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the heals did not end in time:\n" + String.join("\n", said));
  }

  private String owner(String db, long run) throws Exception {
    return rows(db, "SELECT lease_owner FROM heal_run WHERE id = ?", run).get(0)[0];
  }

  private Map<String, Integer> storedEvents(String db, long project) throws Exception {
    Map<String, Integer> stored = new HashMap<>();
    for (String[] row :
        rows(
            db,
            "SELECT event_id, count(*) FROM event WHERE project_id = ? GROUP BY event_id",
            project)) {
      stored.put(row[0], Integer.parseInt(row[1]));
    }
    return stored;
  }

  private int eventCounts(String db, long project) throws Exception {
    return Integer.parseInt(
        rows(db, "SELECT sum(event_count) FROM incident WHERE project_id = ?", project).get(0)[0]);
  }

  private static List<String[]> rows(String db, String sql, Object... params) throws SQLException {
    try (Connection c = DriverManager.getConnection(db);
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<String[]> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          String[] row = new String[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = rs.getString(i + 1);
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private JsonNode createProject(int port, String name, Path repo) throws Exception {
    var body = JSON.createObjectNode().put("name", name);
    if (repo != null) {
      body.put("repo", repo.toRealPath().toString());
    }
    body.set("inAppPrefixes", JSON.createArrayNode().add("shop"));
    return admin(port, "POST", "/api/v1/projects", body.toString());
  }

  private JsonNode adminGet(int port, String path) throws Exception {
    return admin(port, "GET", path, null);
  }

  private JsonNode admin(int port, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + ADMIN)
            .timeout(java.time.Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode() / 100).as(method + " " + path + " → " + r.body()).isEqualTo(2);
    return JSON.readTree(r.body());
  }

  private static String key(JsonNode project) {
    return project.get("dsn").asText().replaceAll("^http://([0-9a-f]+)@.*$", "$1");
  }

  /** What the agent reports for {@code shop.CLASS.METHOD(ARG)} throwing at line 10. */
  private static SentryEvent productionError(
      String type, String method, String arg, int value, String release) {
    SentryStackFrame thread = frame("java.lang.Thread", "run", "Thread.java", 840, false);
    SentryStackFrame site = frame("shop." + type, method, type + ".java", 10, true);
    site.setVars(new HashMap<>(Map.of(arg, value)));
    SentryEvent event =
        exception(
            "java.lang.ArrayIndexOutOfBoundsException",
            "Index " + value + " out of bounds for length " + value,
            List.of(thread, site));
    event.setRelease(release);
    return event;
  }

  /** One of a few kinds of error of a service that only reports. */
  private static SentryEvent burstEvent(int kind) {
    return exception(
        "java.lang.IllegalStateException",
        "burst " + kind,
        List.of(
            frame("java.lang.Thread", "run", "Thread.java", 840, false),
            frame("shop.Burst", "kind" + kind, "Burst.java", 10 + kind, true)));
  }

  private static SentryEvent exception(String type, String value, List<SentryStackFrame> frames) {
    SentryException exception = new SentryException();
    exception.setType(type.substring(type.lastIndexOf('.') + 1));
    exception.setModule(type.substring(0, type.lastIndexOf('.')));
    exception.setValue(value);
    exception.setStacktrace(new SentryStackTrace(new ArrayList<>(frames)));
    SentryEvent event = new SentryEvent();
    event.setLevel(SentryLevel.ERROR);
    event.setPlatform("java");
    event.setExceptions(new ArrayList<>(List.of(exception)));
    return event;
  }

  private static SentryStackFrame frame(
      String module, String function, String file, int line, boolean inApp) {
    SentryStackFrame frame = new SentryStackFrame();
    frame.setModule(module);
    frame.setFunction(function);
    frame.setFilename(file);
    frame.setLineno(line);
    frame.setInApp(inApp);
    return frame;
  }

  private static String cart() {
    return PullRequestWatchTest.CART;
  }

  private static String cartTest() {
    return PullRequestWatchTest.CART_TEST;
  }
}
