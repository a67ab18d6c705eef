package dev.kintsugi.agent.internal.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.agent.internal.bridge.CircuitBridge;
import dev.kintsugi.agent.internal.config.Packages;
import dev.kintsugi.agent.internal.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults on the board and the bridge's switches, without bytecode: what the advice would read. */
class InjectedFaultTest {
  final AtomicLong nanos = new AtomicLong(1_000);
  final AtomicReference<Double> draw = new AtomicReference<>(0.3);
  final List<String> installed = new ArrayList<>();
  final CircuitBoard board =
      new CircuitBoard(
          Packages.parse("com.acme"),
          (c, m, slot) -> installed.add(c + "#" + m + "@" + slot),
          nanos::get,
          draw::get);

  @AfterEach
  void clear() {
    CircuitBridge.set(null);
  }

  static List<FaultSpec> faults(String json) {
    return FaultSpec.parse(JsonReader.parse("{\"circuits\": [], \"faults\": " + json + "}"));
  }

  static String error(String method, String exception, double probability) {
    return "{\"method\": \""
        + method
        + "\", \"kind\": \"error\", \"exception\": \""
        + exception
        + "\", \"message\": \"chaos\", \"probability\": "
        + probability
        + ", \"ttlSeconds\": 10}";
  }

  /** What a call does: "ran", or the exception thrown as Class:message. */
  static String call(int slot) {
    try {
      Object decision = CircuitBridge.enter(slot, "int");
      if (decision == null) {
        return "ran";
      }
      return "returned " + CircuitBridge.exit(decision);
    } catch (RuntimeException e) {
      return e.getClass().getName() + ":" + e.getMessage();
    }
  }

  @Test
  void aLatencyFaultSleepsThenLetsTheMethodRunUntilItExpires() {
    board.apply(
        List.of(),
        faults(
            "[{\"method\": \"com.acme.P#quote\", \"kind\": \"latency\", \"latencyMs\": 300,"
                + " \"probability\": 1.0, \"ttlSeconds\": 10}]"));
    assertThat(installed).containsExactly("com.acme.P#quote@0");

    long start = System.nanoTime();
    assertThat(call(0)).isEqualTo("ran");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);

    nanos.addAndGet(10_000_000_000L);
    start = System.nanoTime();
    assertThat(call(0)).isEqualTo("ran");
    assertThat((System.nanoTime() - start) / 1_000_000).as("expired").isLessThan(300);
  }

  @Test
  void anErrorFaultThrowsTheConfiguredUncheckedExceptionWithoutTheAgentsFrames() {
    board.apply(
        List.of(),
        faults("[" + error("com.acme.P#quote", "java.lang.IllegalStateException", 1) + "]"));
    assertThat(call(0)).isEqualTo("java.lang.IllegalStateException:chaos");
    RuntimeException thrown = (RuntimeException) CircuitBridge.enter(0, "int");
    assertThat(thrown.getStackTrace()[0].getClassName()).doesNotStartWith("dev.kintsugi.agent.");
  }

  @Test
  void anExceptionThatCannotBeLoadedOrIsCheckedBecomesARuntimeException() {
    board.apply(
        List.of(),
        faults(
            "["
                + error("com.acme.P#a", "com.acme.NoSuchException", 1)
                + ","
                + error("com.acme.P#b", "java.io.IOException", 1)
                + ","
                + error("com.acme.P#c", "java.lang.String", 1)
                + "]"));
    assertThat(call(0)).isEqualTo("java.lang.RuntimeException:chaos");
    assertThat(call(1)).isEqualTo("java.lang.RuntimeException:chaos");
    assertThat(call(2)).isEqualTo("java.lang.RuntimeException:chaos");
  }

  @Test
  void onlyTheProbabilitysShareOfCallsIsAffected() {
    board.apply(
        List.of(),
        faults("[" + error("com.acme.P#quote", "java.lang.IllegalStateException", 0.5) + "]"));
    draw.set(0.49);
    assertThat(call(0)).startsWith("java.lang.IllegalStateException");
    draw.set(0.5);
    assertThat(call(0)).isEqualTo("ran");
  }

  @Test
  void anOpenCircuitWinsOverAFaultOfTheSameMethodAndTheFaultActsOnceItCloses() {
    List<CircuitSpec> circuit =
        CircuitSpec.parse(
            JsonReader.parse(
                "{\"circuits\": [{\"method\": \"com.acme.P#quote\", \"mode\": \"fallback\","
                    + " \"fallback\": \"7\", \"ttlSeconds\": 10}]}"));
    List<FaultSpec> fault =
        faults("[" + error("com.acme.P#quote", "java.lang.IllegalStateException", 1) + "]");
    board.apply(circuit, fault);
    assertThat(installed).as("one slot for both").containsExactly("com.acme.P#quote@0");
    assertThat(call(0)).isEqualTo("returned 7");

    board.apply(List.of(), fault);
    assertThat(call(0)).isEqualTo("java.lang.IllegalStateException:chaos");
    board.apply(circuit, List.of());
    assertThat(call(0)).isEqualTo("returned 7");
    board.apply(List.of(), List.of());
    assertThat(call(0)).isEqualTo("ran");
    assertThat(installed).as("instrumented once").hasSize(1);
  }

  @Test
  void faultsOutsideThePackagesAreLeftAlone() {
    board.apply(
        List.of(),
        faults("[" + error("org.other.P#x", "java.lang.IllegalStateException", 1) + "]"));
    assertThat(installed).isEmpty();
    assertThat(call(0)).isEqualTo("ran");
  }

  @Test
  void anAnswerWithoutFaultsHasNoneAndBadFaultsAreLeftOutWhileTheCircuitsStillParse() {
    assertThat(FaultSpec.parse(JsonReader.parse("{\"circuits\": []}"))).isEmpty();
    List<FaultSpec> parsed =
        faults(
            "[1, {\"method\": \"com.acme.P\", \"kind\": \"error\", \"ttlSeconds\": 1},"
                + " {\"method\": \"a.P#x\", \"kind\": \"boom\", \"ttlSeconds\": 1},"
                + " {\"method\": \"a.P#x\", \"kind\": \"latency\", \"ttlSeconds\": 1},"
                + " {\"method\": \"a.P#x\", \"kind\": \"latency\", \"latencyMs\": 5,"
                + " \"probability\": 2, \"ttlSeconds\": 1},"
                + " {\"method\": \"a.P#x\", \"kind\": \"error\", \"ttlSeconds\": 0},"
                + " {\"method\": \"a.P#y\", \"kind\": \"error\", \"ttlSeconds\": 99999}]");
    assertThat(parsed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.method).isEqualTo("a.P#y");
              assertThat(f.exception).isEqualTo("java.lang.RuntimeException");
              assertThat(f.probability).isEqualTo(1.0);
              assertThat(f.ttlMillis).isEqualTo(3_600_000);
            });
    // An agent that predates faults reads the circuits of an answer that has them.
    assertThat(
            CircuitSpec.parse(
                JsonReader.parse(
                    "{\"version\": \"v\", \"circuits\": [], \"faults\": ["
                        + error("a.P#x", "java.lang.IllegalStateException", 1)
                        + "]}")))
        .isEmpty();
  }
}
