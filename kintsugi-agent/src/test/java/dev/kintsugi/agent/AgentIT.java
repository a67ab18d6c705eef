package dev.kintsugi.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.agent.testing.ChildJvm;
import dev.kintsugi.agent.testing.EnvelopeServer;
import dev.kintsugi.agent.testing.EnvelopeServer.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent jar in child JVMs running the fixture applications of {@code com.acme},
 * sending to a recording HTTP endpoint.
 */
class AgentIT {
  static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;
  EnvelopeServer server;

  @BeforeEach
  void start() throws Exception {
    server = EnvelopeServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String options() {
    return "dsn=" + server.dsn("itkey", "3") + ",packages=com.acme,spool=" + dir.resolve("spool");
  }

  ChildJvm child() {
    return ChildJvm.create().agent(options()).workDir(dir);
  }

  /** The one event the child sent (it has exited, so its flush is done). */
  JsonNode onlyEvent() throws Exception {
    List<Received> got = server.awaitAccepted(1, WAIT);
    Thread.sleep(200);
    assertThat(server.all()).hasSize(1);
    assertThat(got.get(0).auth).contains("sentry_key=itkey");
    return got.get(0).event();
  }

  static JsonNode frame(JsonNode exception, String function) {
    for (JsonNode f : exception.path("stacktrace").path("frames")) {
      if (f.path("function").asText().equals(function)) {
        return f;
      }
    }
    throw new AssertionError("no frame " + function + " in " + exception);
  }

  @Test
  void anUncaughtExceptionArrivesWithTheArgumentsOfEachInAppFrame() throws Exception {
    ChildJvm.Result r =
        child()
            .env("KINTSUGI_RELEASE", "shop@1.0")
            .jvmArg("-Dkintsugi.environment=it")
            .run("com.acme.orders.UncaughtApp");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr).contains("Exception in thread \"main\" com.acme.orders.OrderRejected");
    assertThat(r.agentLines()).as(r.toString()).isEmpty();
    // Nothing of the agent's on the host's output: no JVM warnings (boot class path, Unsafe).
    assertThat(r.stdout).isEmpty();
    assertThat(r.stderr).doesNotContain("WARNING").doesNotContain("warning");

    JsonNode event = onlyEvent();
    assertThat(event.path("release").asText()).isEqualTo("shop@1.0");
    assertThat(event.path("environment").asText()).isEqualTo("it");
    JsonNode values = event.path("exception").path("values");
    JsonNode root = values.get(0);
    JsonNode outer = values.get(1);
    assertThat(root.path("type").asText()).isEqualTo("IllegalArgumentException");
    assertThat(outer.path("type").asText()).isEqualTo("OrderRejected");
    assertThat(outer.path("module").asText()).isEqualTo("com.acme.orders");
    assertThat(outer.path("mechanism").path("type").asText()).isEqualTo("UncaughtExceptionHandler");
    assertThat(outer.path("mechanism").path("handled").asBoolean()).isFalse();

    JsonNode frames = root.path("stacktrace").path("frames");
    JsonNode deepest = frames.get(frames.size() - 1);
    assertThat(deepest.path("module").asText()).isEqualTo("com.acme.orders.Pricing");
    assertThat(deepest.path("function").asText()).isEqualTo("total");
    assertThat(deepest.path("in_app").asBoolean()).isTrue();
    assertThat(deepest.path("vars").toString())
        .isEqualTo(
            "{\"sku\":\"SKU-9\",\"quantity\":0,"
                + "\"unitPrice\":{\"@class\":\"java.math.BigDecimal\",\"value\":\"5\"}}");
    JsonNode validate = frame(root, "validate").path("vars");
    assertThat(validate.path("this").path("@class").asText())
        .isEqualTo("com.acme.orders.OrderService");
    assertThat(validate.path("this").path("store").asText()).isEqualTo("main-store");
    assertThat(validate.path("order").path("lines").get(1).path("quantity").asInt()).isZero();
    assertThat(validate.path("order").path("customer").path("password").asText())
        .isEqualTo("[Filtered]");
    assertThat(validate.path("order").path("customer").path("tier").asText()).isEqualTo("GOLD");
    assertThat(validate.path("order").path("note").asText()).isEqualTo("paid with [Filtered]");
    assertThat(validate.path("order").has("cache")).isFalse();

    JsonNode place = frame(outer, "place").path("vars");
    assertThat(place.path("coupon").asText()).isEqualTo("SPRING");
    assertThat(place.path("apiToken").asText()).isEqualTo("[Filtered]");
    assertThat(frame(outer, "main").path("vars").path("args").isArray()).isTrue();
    assertThat(event.toString())
        .doesNotContain("hunter2")
        .doesNotContain("tok-123")
        .doesNotContain("4111");
  }

  @Test
  void classesCompiledWithoutParameterNamesGetArgN() throws Exception {
    ChildJvm.Result r = child().run("com.acme.plain.Calculator");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
    JsonNode root = onlyEvent().path("exception").path("values").get(0);
    assertThat(frame(root, "divide").path("vars").toString())
        .isEqualTo(
            "{\"this\":{\"@class\":\"com.acme.plain.Calculator\",\"scale\":3},\"arg0\":10,\"arg1\":0}");
  }

  @Test
  void anErrorLoggedAtSevereThroughJulIsCapturedOnce() throws Exception {
    ChildJvm.Result r = child().run("com.acme.orders.JulApp");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.stdout).contains("still running");
    JsonNode event = onlyEvent();
    assertLogged(event, "checkout failed");
  }

  @Test
  void anErrorLoggedThroughLogbackIsCaptured() throws Exception {
    ChildJvm.Result r =
        child()
            .withJarsOf(
                org.slf4j.LoggerFactory.class,
                ch.qos.logback.classic.Logger.class,
                ch.qos.logback.core.Appender.class)
            .run("com.acme.orders.LogbackApp");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.stderr).contains("ERROR com.acme.orders.checkout - checkout of A-17 failed");
    assertLogged(onlyEvent(), "checkout of A-17 failed");
  }

  @Test
  void anErrorLoggedThroughLog4j2IsCaptured() throws Exception {
    ChildJvm.Result r =
        child()
            .withJarsOf(
                org.apache.logging.log4j.LogManager.class,
                org.apache.logging.log4j.core.LoggerContext.class)
            .run("com.acme.orders.Log4j2App");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertLogged(onlyEvent(), "checkout of A-17 failed");
  }

  @Test
  void anErrorLoggedThenRethrownToTheUncaughtHandlerIsOneEvent() throws Exception {
    ChildJvm.Result r = child().run("com.acme.orders.JulApp", "rethrow");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr).contains("Exception in thread \"main\"");
    assertLogged(onlyEvent(), "checkout failed");
  }

  @Test
  void theCaptureApiReportsAHandledErrorOnce() throws Exception {
    ChildJvm.Result r = child().run("com.acme.orders.CaptureApp");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode outer = onlyEvent().path("exception").path("values").get(1);
    assertThat(outer.path("mechanism").path("type").asText()).isEqualTo("api");
    assertThat(outer.path("mechanism").path("handled").asBoolean()).isTrue();
    assertThat(frame(outer, "place").has("vars")).isTrue();
  }

  @Test
  void aBadDsnDisablesTheAgentWithOneLineAndTheHostRunsNormally() throws Exception {
    ChildJvm.Result r =
        ChildJvm.create()
            .agent("dsn=localhost:8700,packages=com.acme")
            .run("com.acme.orders.CaptureApp");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.stdout).contains("still running");
    assertThat(r.agentLines()).hasSize(1);
    assertThat(r.agentLines().get(0)).startsWith("[kintsugi-agent] disabled: ").contains("http://");
    ChildJvm.Result uncaught =
        ChildJvm.create().agent("packages=com.acme").run("com.acme.orders.UncaughtApp");
    assertThat(uncaught.exitCode).isEqualTo(1);
    assertThat(uncaught.agentLines())
        .containsExactly(
            "[kintsugi-agent] disabled: no dsn (set dsn=... in the agent arguments, -Dkintsugi.dsn or"
                + " KINTSUGI_DSN); the application runs without the agent");
    assertThat(uncaught.stderr)
        .contains("Exception in thread \"main\" com.acme.orders.OrderRejected");
    assertThat(server.all()).isEmpty();
  }

  @Test
  void attachedToARunningJvmItRetransformsLoadedClassesAndJul() throws Exception {
    ChildJvm.Result r =
        ChildJvm.create()
            .noAgent()
            .jvmArg("-Djdk.attach.allowAttachSelf=true")
            .workDir(dir)
            .run("com.acme.orders.LateAttachApp", ChildJvm.agentJar().toString(), options());
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.stdout).contains("still running");
    JsonNode event = onlyEvent();
    assertLogged(event, "checkout failed");
    JsonNode root = event.path("exception").path("values").get(0);
    assertThat(frame(root, "validate").path("vars").path("this").path("store").asText())
        .isEqualTo("late-store");
  }

  static void assertLogged(JsonNode event, String message) {
    assertThat(event.path("logger").asText()).isEqualTo("com.acme.orders.checkout");
    assertThat(event.path("message").path("formatted").asText()).isEqualTo(message);
    JsonNode values = event.path("exception").path("values");
    assertThat(values.size()).isEqualTo(2);
    JsonNode outer = values.get(1);
    assertThat(outer.path("type").asText()).isEqualTo("OrderRejected");
    assertThat(outer.path("mechanism").path("type").asText()).isEqualTo("logging");
    assertThat(outer.path("mechanism").path("handled").asBoolean()).isTrue();
    JsonNode frames = values.get(0).path("stacktrace").path("frames");
    assertThat(frames.get(frames.size() - 1).path("vars").path("quantity").asInt()).isZero();
  }
}
