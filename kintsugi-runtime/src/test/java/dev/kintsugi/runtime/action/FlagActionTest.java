package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flag action on a real flagd flag file, confirmed through a local server speaking flagd's
 * OFREP evaluation API over the same file (reloaded every 300 ms, as flagd's file watcher would).
 */
class FlagActionTest {

  private static final ObjectMapper EXACT =
      new ObjectMapper()
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final String FLAGS =
      """
      {
        "$schema": "https://flagd.dev/schema/v0/flags.json",
        "flags": {
          "new-pricing": {
            "state": "ENABLED",
            "variants": {"on": true, "off": false},
            "defaultVariant": "on"
          },
          "discount": {
            "state": "ENABLED",
            "variants": {"low": 0.1, "precise": 3.14159265358979323846264338327950288, "big": 123456789012345678901234567890},
            "defaultVariant": "low",
            "targeting": {"if": [{"==": [{"var": "tier"}, "gold"]}, "big", null]},
            "metadata": {"owner": "pricing-team ✓"}
          }
        }
      }
      """;

  @TempDir Path dir;
  private Path file;
  private HttpServer flagd;
  private ScheduledExecutorService watcher;
  private volatile JsonNode served;

  @BeforeEach
  void writeFlags() throws IOException {
    file = dir.resolve("flags.json");
    Files.writeString(file, FLAGS);
  }

  @AfterEach
  void stopFlagd() {
    if (flagd != null) {
      flagd.stop(0);
      watcher.shutdownNow();
    }
  }

  @Test
  void setsTheDefaultVariantAndKeepsEveryOtherValue() throws Exception {
    JsonNode before = EXACT.readTree(file.toFile());

    ActionOutcome outcome =
        TestActions.parse("{flag: {file: '" + file + "', flag: new-pricing, variant: 'off'}}")
            .run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail())
        .isEqualTo("set new-pricing in " + file + " from on/ENABLED to off/ENABLED");
    JsonNode after = EXACT.readTree(file.toFile());
    assertThat(after.at("/flags/new-pricing/defaultVariant").asText()).isEqualTo("off");
    ((ObjectNode) before.at("/flags/new-pricing")).put("defaultVariant", "off");
    assertThat(after).isEqualTo(before);
    assertThat(Files.readString(file))
        .contains("3.14159265358979323846264338327950288")
        .contains("123456789012345678901234567890")
        .contains("pricing-team ✓");
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void itsUndoPutsThePreviousVariantBack() throws Exception {
    ActionOutcome outcome =
        TestActions.parse("{flag: {file: '" + file + "', flag: new-pricing, variant: 'off'}}")
            .run();

    ActionOutcome undone = outcome.undo().orElseThrow().run();

    assertThat(undone.done()).as(undone.detail()).isTrue();
    assertThat(EXACT.readTree(file.toFile())).isEqualTo(EXACT.readTree(FLAGS));
  }

  @Test
  void canDisableAFlagAndUndoEnablesItAgain() throws Exception {
    ActionOutcome outcome =
        TestActions.parse("{flag: {file: '" + file + "', flag: discount, state: DISABLED}}").run();

    assertThat(EXACT.readTree(file.toFile()).at("/flags/discount/state").asText())
        .isEqualTo("DISABLED");
    outcome.undo().orElseThrow().run();
    assertThat(EXACT.readTree(file.toFile()).at("/flags/discount/state").asText())
        .isEqualTo("ENABLED");
  }

  @Test
  void anUnknownFlagOrVariantFailsAndLeavesTheFileAlone() throws Exception {
    ActionOutcome noFlag =
        TestActions.parse("{flag: {file: '" + file + "', flag: nope, variant: 'off'}}").run();
    ActionOutcome noVariant =
        TestActions.parse("{flag: {file: '" + file + "', flag: new-pricing, variant: maybe}}")
            .run();

    assertThat(noFlag.done()).isFalse();
    assertThat(noFlag.detail()).isEqualTo("no flag nope in " + file);
    assertThat(noVariant.done()).isFalse();
    assertThat(noVariant.detail()).isEqualTo("new-pricing in " + file + " has no variant maybe");
    assertThat(Files.readString(file)).isEqualTo(FLAGS);
  }

  @Test
  void waitsUntilFlagdServesTheNewVariant() throws Exception {
    String url = startFlagd(true);

    ActionOutcome outcome =
        TestActions.parse(
                "{flag: {file: '"
                    + file
                    + "', flag: new-pricing, variant: 'off', flagdUrl: '"
                    + url
                    + "'}}")
            .run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).endsWith(", served by flagd");
    assertThat(served.at("/flags/new-pricing/defaultVariant").asText()).isEqualTo("off");
  }

  @Test
  void waitsUntilFlagdServesADisabledFlag() throws Exception {
    String url = startFlagd(true);

    ActionOutcome outcome =
        TestActions.parse(
                "{flag: {file: '"
                    + file
                    + "', flag: discount, state: DISABLED, flagdUrl: '"
                    + url
                    + "'}}")
            .run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
  }

  @Test
  void whenFlagdKeepsServingTheOldValueTheActionFailsButCanBeUndone() throws Exception {
    String url = startFlagd(false);

    ActionOutcome outcome =
        TestActions.parse(
                "{flag: {file: '"
                    + file
                    + "', flag: new-pricing, variant: 'off', flagdUrl: '"
                    + url
                    + "', confirmTimeout: 1s}}")
            .run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail())
        .contains("not served within 1000 ms")
        .contains("\"variant\":\"on\"");
    assertThat(outcome.undo()).isPresent();
    outcome.undo().orElseThrow().run();
    assertThat(EXACT.readTree(file.toFile()).at("/flags/new-pricing/defaultVariant").asText())
        .isEqualTo("on");
  }

  /**
   * A flagd stand-in: OFREP single-flag evaluation over the file, reloaded every 300 ms if it
   * watches.
   */
  private String startFlagd(boolean watches) throws IOException {
    served = EXACT.readTree(file.toFile());
    watcher = Executors.newSingleThreadScheduledExecutor();
    if (watches) {
      watcher.scheduleAtFixedRate(
          () -> {
            try {
              served = EXACT.readTree(file.toFile());
            } catch (IOException e) {
              // a half-written file would show here; the action writes atomically
              throw new IllegalStateException(e);
            }
          },
          300,
          300,
          TimeUnit.MILLISECONDS);
    }
    flagd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    flagd.createContext("/ofrep/v1/evaluate/flags/", this::evaluate);
    flagd.start();
    return "http://127.0.0.1:" + flagd.getAddress().getPort();
  }

  private void evaluate(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestURI().getPath().substring("/ofrep/v1/evaluate/flags/".length());
    EXACT.readTree(exchange.getRequestBody()); // the evaluation context, as JSON
    JsonNode flag = served.path("flags").path(key);
    ObjectNode answer = EXACT.createObjectNode().put("key", key);
    int status = 200;
    if (flag.isMissingNode()) {
      status = 404;
      answer.put("errorCode", "FLAG_NOT_FOUND");
    } else if ("DISABLED".equals(flag.path("state").asText())) {
      answer.put("reason", "DISABLED");
    } else {
      String variant = flag.path("defaultVariant").asText();
      answer
          .put("reason", "STATIC")
          .put("variant", variant)
          .set("value", flag.path("variants").path(variant));
    }
    byte[] body = EXACT.writeValueAsBytes(answer);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
