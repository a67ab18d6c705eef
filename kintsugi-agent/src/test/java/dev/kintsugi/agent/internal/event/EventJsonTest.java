package dev.kintsugi.agent.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.agent.internal.capture.Capture;
import dev.kintsugi.agent.internal.capture.Capturer;
import dev.kintsugi.agent.internal.capture.FrameRecord;
import dev.kintsugi.agent.internal.capture.Mechanism;
import dev.kintsugi.agent.internal.capture.ThrowRecords;
import dev.kintsugi.agent.internal.config.Packages;
import dev.kintsugi.agent.testing.EnvelopeServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SELF = EventJsonTest.class.getName();

  final ThrowRecords records = new ThrowRecords(100, 64);
  final List<Capture> captures = new ArrayList<>();
  final Capturer capturer =
      new Capturer(
          records,
          100,
          captures::add,
          Clock.fixed(Instant.parse("2024-05-01T10:00:00.250Z"), ZoneOffset.UTC));
  final EventJson events =
      new EventJson(
          Packages.parse("org.junit.platform"),
          Optional.of("shop@1.2.3"),
          "staging",
          () -> "web-1",
          "9.9.9",
          () -> "0123456789abcdef0123456789abcdef");

  static void deepest(int n) {
    throw new IllegalArgumentException("bad n: " + n);
  }

  static void middle(int n) {
    try {
      deepest(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("middle failed", e);
    }
  }

  static void recurse(int n) {
    if (n == 0) {
      throw new ArithmeticException("bottom");
    }
    recurse(n - 1);
  }

  JsonNode build(Capture c) throws Exception {
    return JSON.readTree(events.build(c).json());
  }

  @Test
  void carriesTheSentryFieldsTheServerReads() throws Exception {
    IllegalStateException top = null;
    try {
      middle(1);
    } catch (IllegalStateException e) {
      top = e;
    }
    Throwable root = top.getCause();
    records.add(root, new FrameRecord(SELF, "deepest", "{\"n\":1}"));
    records.add(top, new FrameRecord(SELF, "middle", "{\"n\":1}"));
    capturer.capture(top, Mechanism.LOGGING, "com.acme.checkout", "checkout failed");
    JsonNode e = build(captures.get(0));

    assertThat(e.path("event_id").asText()).matches("[0-9a-f]{32}");
    assertThat(e.path("timestamp").asText()).isEqualTo("2024-05-01T10:00:00.250Z");
    assertThat(e.path("platform").asText()).isEqualTo("java");
    assertThat(e.path("level").asText()).isEqualTo("error");
    assertThat(e.path("logger").asText()).isEqualTo("com.acme.checkout");
    assertThat(e.path("release").asText()).isEqualTo("shop@1.2.3");
    assertThat(e.path("environment").asText()).isEqualTo("staging");
    assertThat(e.path("server_name").asText()).isEqualTo("web-1");
    assertThat(e.path("sdk").path("name").asText()).isEqualTo("kintsugi.java.agent");
    assertThat(e.path("sdk").path("version").asText()).isEqualTo("9.9.9");
    assertThat(e.path("message").path("formatted").asText()).isEqualTo("checkout failed");

    JsonNode values = e.path("exception").path("values");
    assertThat(values.size()).isEqualTo(2);
    JsonNode first = values.get(0);
    JsonNode last = values.get(1);
    assertThat(first.path("type").asText()).isEqualTo("IllegalArgumentException");
    assertThat(first.path("module").asText()).isEqualTo("java.lang");
    assertThat(first.path("value").asText()).isEqualTo("bad n: 1");
    assertThat(last.path("type").asText()).isEqualTo("IllegalStateException");
    assertThat(last.path("mechanism").path("type").asText()).isEqualTo("logging");
    assertThat(last.path("mechanism").path("handled").asBoolean()).isTrue();

    JsonNode rootFrames = first.path("stacktrace").path("frames");
    JsonNode throwSite = rootFrames.get(rootFrames.size() - 1);
    assertThat(throwSite.path("module").asText()).isEqualTo(SELF);
    assertThat(throwSite.path("function").asText()).isEqualTo("deepest");
    assertThat(throwSite.path("filename").asText()).isEqualTo("EventJsonTest.java");
    assertThat(throwSite.path("lineno").asInt()).isPositive();
    assertThat(throwSite.path("in_app").asBoolean()).isFalse();
    assertThat(throwSite.path("vars").path("n").asInt()).isEqualTo(1);
    assertThat(rootFrames.get(rootFrames.size() - 2).path("function").asText()).isEqualTo("middle");
    assertThat(rootFrames.get(rootFrames.size() - 2).has("vars")).isFalse();

    JsonNode topFrames = last.path("stacktrace").path("frames");
    assertThat(topFrames.get(topFrames.size() - 1).path("function").asText()).isEqualTo("middle");
    assertThat(topFrames.get(topFrames.size() - 1).path("vars").path("n").asInt()).isEqualTo(1);
    boolean junitInApp = false;
    for (JsonNode f : topFrames) {
      if (f.path("module").asText().startsWith("org.junit.platform.")) {
        junitInApp = f.path("in_app").asBoolean();
      }
    }
    assertThat(junitInApp).isTrue();
  }

  @Test
  void recursiveFramesGetOneRecordEachDeepestFirst() throws Exception {
    ArithmeticException e = null;
    try {
      recurse(2);
    } catch (ArithmeticException ex) {
      e = ex;
    }
    for (int n = 0; n <= 2; n++) {
      records.add(e, new FrameRecord(SELF, "recurse", "{\"n\":" + n + "}"));
    }
    capturer.capture(e, Mechanism.UNCAUGHT, null, null);
    JsonNode frames =
        build(captures.get(0))
            .path("exception")
            .path("values")
            .get(0)
            .path("stacktrace")
            .path("frames");
    int last = frames.size() - 1;
    assertThat(frames.get(last).path("vars").path("n").asInt()).isZero();
    assertThat(frames.get(last - 1).path("vars").path("n").asInt()).isEqualTo(1);
    assertThat(frames.get(last - 2).path("vars").path("n").asInt()).isEqualTo(2);
    assertThat(frames.get(last - 3).has("vars")).isFalse();
    JsonNode values = build(captures.get(0)).path("exception").path("values");
    assertThat(values.get(0).path("mechanism").path("type").asText())
        .isEqualTo("UncaughtExceptionHandler");
    assertThat(values.get(0).path("mechanism").path("handled").asBoolean()).isFalse();
  }

  @Test
  void varsStayWithinTheEventBudgetDeepestFramesFirst() throws Exception {
    ArithmeticException e = null;
    try {
      recurse(40);
    } catch (ArithmeticException ex) {
      e = ex;
    }
    String big = "{\"s\":\"" + "x".repeat(10_000) + "\"}";
    for (int n = 0; n <= 40; n++) {
      records.add(e, new FrameRecord(SELF, "recurse", big));
    }
    capturer.capture(e, Mechanism.API, null, null);
    String json = events.build(captures.get(0)).json();
    JsonNode frames =
        JSON.readTree(json)
            .path("exception")
            .path("values")
            .get(0)
            .path("stacktrace")
            .path("frames");
    int withVars = 0;
    for (JsonNode f : frames) {
      withVars += f.has("vars") ? 1 : 0;
    }
    assertThat(withVars).isEqualTo(EventJson.MAX_VARS_CHARS / big.length());
    assertThat(frames.get(frames.size() - 1).has("vars")).isTrue();
    assertThat(json.length()).isLessThan(EventJson.MAX_VARS_CHARS + 64 * 1024);
  }

  @Test
  void anEnvelopeHoldsOneEventItemWhoseLengthCountsBytes() throws Exception {
    capturer.capture(new IllegalStateException("naïve café ☕"), Mechanism.API, null, null);
    EventJson.Event event = events.build(captures.get(0));
    byte[] envelope = Envelopes.of(event, "9.9.9");
    String[] lines = new String(envelope, StandardCharsets.UTF_8).split("\n");
    JsonNode header = JSON.readTree(lines[0]);
    assertThat(header.path("event_id").asText()).isEqualTo(event.id());
    assertThat(JSON.readTree(lines[1]).path("length").asInt())
        .isEqualTo(event.json().getBytes(StandardCharsets.UTF_8).length)
        .isGreaterThan(event.json().length());
    JsonNode parsed = EnvelopeServer.event(envelope);
    assertThat(parsed.path("exception").path("values").get(0).path("value").asText())
        .isEqualTo("naïve café ☕");
  }
}
