package dev.kintsugi.agent.internal.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapturerTest {
  final ThrowRecords records = new ThrowRecords(100, 10);
  final List<Capture> queued = new ArrayList<>();
  final Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);
  final Capturer capturer = new Capturer(records, 100, queued::add, clock);

  @Test
  void takesTheRecordsOfEachExceptionOfTheChain() {
    RuntimeException root = new RuntimeException("root");
    RuntimeException top = new RuntimeException("top", root);
    records.add(root, new FrameRecord("com.acme.A", "deep", "{\"x\":1}"));
    records.add(top, new FrameRecord("com.acme.B", "outer", "{}"));
    assertThat(capturer.capture(top, Mechanism.LOGGING, "log", "failed")).isTrue();
    Capture c = queued.get(0);
    assertThat(c.records(root)).extracting(FrameRecord::methodName).containsExactly("deep");
    assertThat(c.records(top)).extracting(FrameRecord::methodName).containsExactly("outer");
    assertThat(c.timestampMillis()).isEqualTo(clock.millis());
    assertThat(c.threadName()).isEqualTo(Thread.currentThread().getName());
    assertThat(c.logger()).isEqualTo("log");
    assertThat(c.message()).isEqualTo("failed");
    assertThat(records.take(root)).isEmpty();
  }

  @Test
  void theSameThrowableIsCapturedOnce() {
    RuntimeException e = new RuntimeException();
    assertThat(capturer.capture(e, Mechanism.LOGGING, "l", null)).isTrue();
    assertThat(capturer.capture(e, Mechanism.UNCAUGHT, null, null)).isFalse();
    assertThat(queued).hasSize(1);
    assertThat(queued.get(0).mechanism()).isEqualTo(Mechanism.LOGGING);
  }

  @Test
  void aWrapperOfACapturedThrowableIsADuplicateButItsCauseAloneIsToo() {
    RuntimeException logged = new RuntimeException("logged");
    capturer.capture(logged, Mechanism.LOGGING, "l", null);
    assertThat(
            capturer.capture(
                new RuntimeException("wrapped", logged), Mechanism.UNCAUGHT, null, null))
        .isFalse();
    RuntimeException inner = new RuntimeException("inner");
    capturer.capture(new RuntimeException("outer", inner), Mechanism.API, null, null);
    assertThat(capturer.capture(inner, Mechanism.API, null, null)).isFalse();
    assertThat(queued).hasSize(2);
  }

  @Test
  void aFullQueueIsReported() {
    Capturer dropping = new Capturer(records, 100, c -> false, clock);
    assertThat(dropping.capture(new RuntimeException(), Mechanism.API, null, null)).isFalse();
  }
}
