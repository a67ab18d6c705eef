package dev.kintsugi.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.agent.testing.ChildJvm;
import dev.kintsugi.agent.testing.WatchedApp;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in a real JVM running the agent against a real Kintsugi server: with {@code faults=on} a
 * latency fault slows a method and an error fault makes one throw, an open circuit on the faulty
 * method wins over its fault, and removing the faults restores the methods; without the option the
 * same faults do nothing.
 */
class FaultIT {
  static final String PRICING = "com.acme.fault.Pricing";
  static final String NORMAL = "quote=42.5 slow=false stock=7 label=Premium";
  static final String LATENCY =
      "{\"kind\": \"latency\", \"latencyMs\": 1500, \"experiment\": \"it\", \"ttlSeconds\": 120}";
  static final String ERROR =
      "{\"kind\": \"error\", \"exception\": \"com.acme.fault.PricingUnavailable\","
          + " \"message\": \"chaos\", \"experiment\": \"it\"}";

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private KintsugiServer server;
  private JsonNode project;

  @BeforeEach
  void start() throws Exception {
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + dir.resolve("db/kintsugi").toAbsolutePath())
                .adminToken(KintsugiServerIT.TOKEN)
                .build());
    project = KintsugiServerIT.createProject(server);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    server.close();
  }

  private WatchedApp app(String extraOptions) {
    return new WatchedApp(
        pool,
        dir,
        "dsn="
            + project.path("dsn").asText()
            + ",packages=com.acme,circuits_poll=200ms,spool="
            + dir.resolve("spool")
            + extraOptions,
        "com.acme.fault.FaultApp");
  }

  private String path(String what, String method) {
    return "/api/v1/projects/"
        + project.path("id").asLong()
        + "/"
        + what
        + "/"
        + PRICING
        + "%23"
        + method;
  }

  @Test
  void withFaultsOnTheServersFaultsSlowAndBreakMethodsUntilRemoved() throws Exception {
    try (WatchedApp app = app(",faults=on")) {
      app.awaitSeen(NORMAL);

      KintsugiServerIT.api(server, "PUT", path("faults", "quote"), LATENCY);
      app.awaitSeen("quote=42.5 slow=true stock=7 label=Premium");
      KintsugiServerIT.api(server, "PUT", path("faults", "stock"), ERROR);
      app.awaitSeen("quote=42.5 slow=true stock=!PricingUnavailable:chaos label=Premium");

      // The remedy: a circuit on the slow method returns its fallback at once.
      KintsugiServerIT.api(server, "PUT", path("circuits", "quote"), "{\"fallback\": 0}");
      app.awaitSeen("quote=0.0 slow=false stock=!PricingUnavailable:chaos label=Premium");
      CircuitIT.delete(server, path("circuits", "quote"));
      app.awaitSeen("quote=42.5 slow=true stock=!PricingUnavailable:chaos label=Premium");

      CircuitIT.delete(server, path("faults", "quote"));
      CircuitIT.delete(server, path("faults", "stock"));
      app.awaitSeen(NORMAL);

      ChildJvm.Result r = app.stop();
      assertThat(r.exitCode).as(r.toString()).isZero();
      assertThat(r.agentLines()).as(r.toString()).isEmpty();
    }
  }

  @Test
  void withoutTheOptionTheSameFaultsDoNothing() throws Exception {
    try (WatchedApp app = app("")) {
      app.awaitSeen(NORMAL);

      KintsugiServerIT.api(server, "PUT", path("faults", "quote"), LATENCY);
      KintsugiServerIT.api(server, "PUT", path("faults", "stock"), ERROR);
      // A circuit opened after the faults: once it shows, the agent has had the faults too.
      KintsugiServerIT.api(server, "PUT", path("circuits", "label"), "{\"fallback\": \"n/a\"}");
      app.awaitSeen("quote=42.5 slow=false stock=7 label=n/a");
      Thread.sleep(1_000);

      assertThat(app.seen()).containsExactly(NORMAL, "quote=42.5 slow=false stock=7 label=n/a");
      ChildJvm.Result r = app.stop();
      assertThat(r.exitCode).as(r.toString()).isZero();
      assertThat(r.agentLines()).as(r.toString()).isEmpty();
    }
  }
}
