package dev.kintsugi.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.agent.testing.ChildJvm;
import dev.kintsugi.agent.testing.CircuitServer;
import dev.kintsugi.agent.testing.WatchedApp;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Circuits in a real JVM running the agent: the server opens a circuit of a method, the method
 * returns the fallback or fails fast within a poll or two, and runs normally again once it closes;
 * a server answering garbage or errors leaves the application as it was.
 */
class CircuitIT {
  static final String PRICES = "com.acme.circuit.Prices";
  static final String NORMAL =
      "quote=42.5 quote2=85.0 stock=7 label=Premium tags=[new] discounts={vip=10}"
          + " coupon=Optional[SAVE5] available=true ledger=99 audit=ran";
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** The fixture application running with the agent. */
  private WatchedApp app(String dsn) {
    return new WatchedApp(
        pool,
        dir,
        "dsn=" + dsn + ",packages=com.acme,circuits_poll=200ms,spool=" + dir.resolve("spool"),
        "com.acme.circuit.CircuitApp");
  }

  @Test
  void theKintsugiServerOpensAndClosesCircuits() throws Exception {
    try (KintsugiServer server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db/kintsugi").toAbsolutePath())
                .adminToken(KintsugiServerIT.TOKEN)
                .build())) {
      var project = KintsugiServerIT.createProject(server);
      String circuits = "/api/v1/projects/" + project.path("id").asLong() + "/circuits/";
      try (WatchedApp app = app(project.path("dsn").asText())) {
        app.awaitSeen(NORMAL);

        KintsugiServerIT.api(
            server, "PUT", circuits + PRICES + "%23quote", "{\"fallback\": 0, \"ttlSeconds\": 60}");
        KintsugiServerIT.api(server, "PUT", circuits + PRICES + "%23stock", "{\"mode\": \"fail\"}");
        app.awaitSeen(
            NORMAL
                .replace("quote=42.5 quote2=85.0", "quote=0.0 quote2=0.0")
                .replace(
                    "stock=7",
                    "stock=!IllegalStateException:circuit open: " + PRICES + "#stock (kintsugi)"));

        delete(server, circuits + PRICES + "%23quote");
        delete(server, circuits + PRICES + "%23stock");
        app.awaitSeen(NORMAL);

        ChildJvm.Result r = app.stop();
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.agentLines()).as(r.toString()).isEmpty();
      }
    }
  }

  @Test
  void fallbacksFitEachReturnTypeAndGarbageErrorsAndExpiryLeaveTheMethodsRunning()
      throws Exception {
    try (CircuitServer server = CircuitServer.start()) {
      server.answer(200, "{not json", null);
      try (WatchedApp app = app(server.dsn("k3y", "7"))) {
        app.awaitSeen(NORMAL);
        awaitPolls(server, 2);
        server.answer(500, "{\"circuits\": [{\"method\": \"" + PRICES + "#label\"}]}", null);
        awaitPolls(server, server.polls().size() + 2);
        assertThat(app.last()).isEqualTo(NORMAL);

        server.answer(
            200,
            "{\"version\": \"v1\", \"circuits\": ["
                + circuit("quote", "fallback", "\"\\\"free\\\"\"", 60)
                + ","
                + circuit("stock", "fallback", "\"-1\"", 60)
                + ","
                + circuit("label", "fallback", "\"n/a\"", 60)
                + ","
                + circuit("tags", "fallback", "\"[]\"", 60)
                + ","
                + circuit("discounts", "fallback", "\"{}\"", 60)
                + ","
                + circuit("coupon", "fallback", "\"null\"", 60)
                + ","
                + circuit("available", "fallback", "\"false\"", 60)
                + ","
                + circuit("ledger", "fallback", "\"null\"", 60)
                + ","
                + circuit("audit", "fallback", "\"0\"", 60)
                + "]}",
            "\"v1\"");
        // quote's fallback is no double: quote runs normally.
        app.awaitSeen(
            "quote=42.5 quote2=85.0 stock=-1 label=n/a tags=[] discounts={}"
                + " coupon=Optional.empty available=false ledger=null audit=skipped");
        int before = server.polls().size();
        awaitPolls(server, before + 2);
        assertThat(server.polls().subList(before, server.polls().size()))
            .allSatisfy(
                p -> {
                  assertThat(p.ifNoneMatch).isEqualTo("\"v1\"");
                  assertThat(p.answered).isEqualTo(304);
                  assertThat(p.auth).contains("sentry_key=k3y");
                });

        server.answer(
            200,
            "{\"version\": \"v2\", \"circuits\": ["
                + circuit("audit", "fail", "null", 60)
                + ","
                + circuit("label", "fallback", "\"soon gone\"", 1)
                + "]}",
            "\"v2\"");
        String failing =
            NORMAL.replace(
                "audit=ran",
                "audit=!IllegalStateException:circuit open: " + PRICES + "#audit (kintsugi)");
        app.awaitSeen(failing.replace("label=Premium", "label=soon gone"));
        // The server still lists it, but its time is up.
        app.awaitSeen(failing);

        server.answer(200, "{\"version\": \"v3\", \"circuits\": []}", "\"v3\"");
        app.awaitSeen(NORMAL);

        ChildJvm.Result r = app.stop();
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.agentLines())
            .as(r.toString())
            .singleElement()
            .asString()
            .contains(PRICES + "#quote")
            .contains("does not fit the return type double");
      }
    }
  }

  /** {@code DELETE path} as the admin, expecting 204. */
  static void delete(KintsugiServer server, String path) throws Exception {
    HttpResponse<Void> r =
        KintsugiServerIT.HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + KintsugiServerIT.TOKEN)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).as("DELETE " + path).isEqualTo(204);
  }

  private static String circuit(String method, String mode, String fallbackJson, int ttl) {
    return "{\"method\": \""
        + PRICES
        + "#"
        + method
        + "\", \"mode\": \""
        + mode
        + "\", \"fallback\": "
        + fallbackJson
        + ", \"ttlSeconds\": "
        + ttl
        + "}";
  }

  private static void awaitPolls(CircuitServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.polls().size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + server.polls().size() + " polls, wanted " + n);
      }
      Thread.sleep(20);
    }
  }
}
