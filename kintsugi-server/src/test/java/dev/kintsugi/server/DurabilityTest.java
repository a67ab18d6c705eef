package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged events survive {@code kill -9} of the server process: they are in the ingest journal
 * and the restarted server puts them in the database.
 */
class DurabilityTest {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  @TempDir Path dir;

  private Process startServer(String dbUrl) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.kintsugi.server.ServerMain",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--db",
                dbUrl)
            .redirectErrorStream(true);
    pb.environment().put("KINTSUGI_ADMIN_TOKEN", ServerFixture.TOKEN);
    return pb.start();
  }

  private static int awaitPort(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("server exited with " + p.waitFor());
  }

  @Test
  void acknowledgedEventsSurviveKillDashNine() throws Exception {
    String db = "jdbc:h2:file:" + dir.resolve("kintsugi").toAbsolutePath();
    Process server = startServer(db);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    long pid;
    try {
      ServerFixture api = new ServerFixture(awaitPort(server));
      JsonNode project = api.createProject("durable", "[]");
      pid = project.path("id").asLong();
      String key = ServerFixture.key(project);
      // Keep a steady stream of requests in flight, kill -9 in the middle of it.
      List<CompletableFuture<Void>> inFlight = new ArrayList<>();
      long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
      int sent = 0;
      while (System.nanoTime() < killAt) {
        String id = UUID.randomUUID().toString().replace("-", "");
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(api.base + "/api/" + pid + "/envelope/"))
                .header("X-Sentry-Auth", "Sentry sentry_key=" + key)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        ServerFixture.envelope(id, "E", "f" + (sent % 5))))
                .build();
        inFlight.add(
            api.http
                .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenAccept(
                    r -> {
                      if (r.statusCode() == 200) {
                        acknowledged.add(id);
                      }
                    })
                .exceptionally(e -> null));
        sent++;
        if (inFlight.size() >= 32) {
          inFlight.remove(0).join();
        }
      }
      server.destroyForcibly(); // SIGKILL
      server.waitFor();
      inFlight.forEach(CompletableFuture::join);
    } finally {
      server.destroyForcibly();
    }

    Set<String> acked = new HashSet<>(acknowledged);
    assertThat(acked).hasSizeGreaterThan(50);

    // A restarted server applies what its journal holds; its REST reads wait for that.
    Process again = startServer(db);
    try {
      ServerFixture api = new ServerFixture(awaitPort(again));
      long total = 0;
      for (JsonNode i : api.getJson("/api/v1/projects/" + pid + "/incidents")) {
        total += i.path("count").asLong();
      }
      assertThat(total).isGreaterThanOrEqualTo(acked.size());
    } finally {
      again.destroy(); // SIGTERM: a clean stop releases the database
      again.waitFor();
    }
    try (Database reopened = Database.open(db)) {
      Set<String> stored =
          new HashSet<>(new Store(reopened, Clock.systemUTC(), new SecureRandom()).eventIds(pid));
      assertThat(stored).containsAll(acked);
    }
  }
}
