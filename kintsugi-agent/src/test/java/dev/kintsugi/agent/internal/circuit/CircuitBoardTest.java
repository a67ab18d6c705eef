package dev.kintsugi.agent.internal.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.agent.internal.bridge.CircuitBridge;
import dev.kintsugi.agent.internal.config.Packages;
import dev.kintsugi.agent.internal.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The board and the bridge's switches, without bytecode: what the advice would read. */
class CircuitBoardTest {
  final AtomicLong nanos = new AtomicLong(1_000);
  final List<String> installed = new ArrayList<>();
  final CircuitBoard board =
      new CircuitBoard(
          Packages.parse("com.acme"),
          (c, m, slot) -> installed.add(c + "#" + m + "@" + slot),
          nanos::get,
          () -> 0.5);

  @AfterEach
  void clear() {
    CircuitBridge.set(null);
  }

  static List<CircuitSpec> specs(String json) {
    return CircuitSpec.parse(JsonReader.parse("{\"version\":\"1\",\"circuits\":" + json + "}"));
  }

  @Test
  void anOpenCircuitDecidesAndClosingOrExpiryRunsTheMethodAgain() {
    board.apply(
        specs(
            "[{\"method\":\"com.acme.P#quote\",\"mode\":\"fallback\",\"fallback\":\"0\","
                + "\"ttlSeconds\":10},"
                + "{\"method\":\"com.acme.P#stock\",\"mode\":\"fail\",\"ttlSeconds\":10}]"),
        List.of());
    assertThat(installed).containsExactly("com.acme.P#quote@0", "com.acme.P#stock@1");
    assertThat(CircuitBridge.exit(CircuitBridge.enter(0, "int"))).isEqualTo(0);
    assertThatThrownBy(() -> CircuitBridge.exit(CircuitBridge.enter(1, "int")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("circuit open: com.acme.P#stock (kintsugi)");
    assertThat(CircuitBridge.enter(0, "com.acme.Quote")).as("does not fit").isNull();

    nanos.addAndGet(10_000_000_000L);
    assertThat(CircuitBridge.enter(0, "int")).as("expired").isNull();

    board.apply(
        specs("[{\"method\":\"com.acme.P#stock\",\"mode\":\"fail\",\"ttlSeconds\":10}]"),
        List.of());
    assertThat(CircuitBridge.enter(0, "int")).as("closed").isNull();
    assertThat(CircuitBridge.enter(1, "int")).isInstanceOf(IllegalStateException.class);
    assertThat(installed).as("instrumented once").hasSize(2);
  }

  @Test
  void classesOutsideThePackagesAndFailedInstallsAreLeftAlone() {
    board.apply(
        specs("[{\"method\":\"org.other.P#x\",\"mode\":\"fail\",\"ttlSeconds\":10}]"), List.of());
    assertThat(installed).isEmpty();
    assertThat(CircuitBridge.enter(0, "int")).isNull();

    CircuitBoard failing =
        new CircuitBoard(
            Packages.parse("com.acme"),
            (c, m, slot) -> {
              throw new IllegalStateException("cannot retransform");
            },
            nanos::get,
            () -> 0.5);
    failing.apply(
        specs("[{\"method\":\"com.acme.P#x\",\"mode\":\"fail\",\"ttlSeconds\":10}]"), List.of());
    assertThat(CircuitBridge.enter(5, "int")).isNull();
  }

  @Test
  void answersThatAreNotCircuitListsAreRefused() {
    for (String bad :
        new String[] {
          "{}",
          "{\"circuits\": {}}",
          "{\"circuits\": [1]}",
          "{\"circuits\": [{\"method\": \"com.acme.P#x\", \"mode\": \"fail\"}]}",
          "{\"circuits\": [{\"method\": \"com.acme.P\", \"mode\": \"fail\", \"ttlSeconds\": 1}]}",
          "{\"circuits\": [{\"method\": \"a.P#x\", \"mode\": \"fallback\", \"ttlSeconds\": 1}]}",
          "{\"circuits\": [{\"method\": \"a.P#x\", \"mode\": \"open\", \"ttlSeconds\": 1}]}",
          "{\"circuits\": [{\"method\": \"a.P#x\", \"mode\": \"fail\", \"ttlSeconds\": 0}]}"
        }) {
      assertThatThrownBy(() -> CircuitSpec.parse(JsonReader.parse(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
