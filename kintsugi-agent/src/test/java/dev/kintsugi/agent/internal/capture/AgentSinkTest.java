package dev.kintsugi.agent.internal.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.agent.internal.AgentThread;
import dev.kintsugi.agent.internal.snapshot.SnapshotLimits;
import dev.kintsugi.agent.internal.snapshot.Snapshotter;
import java.time.Clock;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AgentSinkTest {
  final ThrowRecords records = new ThrowRecords(100, 10);
  final List<Capture> queued = new CopyOnWriteArrayList<>();
  final AgentSink sink =
      new AgentSink(
          new Snapshotter(SnapshotLimits.defaults()),
          records,
          new Capturer(records, 100, queued::add, Clock.systemUTC()));

  @Test
  void exitsAreRecordedWithTheirSnapshot() {
    RuntimeException e = new RuntimeException();
    sink.exited(e, null, false, "com.acme.P", "total", "sku,quantity", new Object[] {"S", 0});
    List<FrameRecord> r = records.take(e);
    assertThat(r).hasSize(1);
    assertThat(r.get(0).className()).isEqualTo("com.acme.P");
    assertThat(r.get(0).varsJson()).isEqualTo("{\"sku\":\"S\",\"quantity\":0}");
  }

  @Test
  void julRecordsAreFormattedLikeJulDoes() {
    LogRecord record = new LogRecord(Level.SEVERE, "order {0} failed");
    record.setParameters(new Object[] {"A-17"});
    sink.logged(new RuntimeException(), "jul", "com.acme", record);
    assertThat(queued.get(0).message()).isEqualTo("order A-17 failed");
    assertThat(queued.get(0).mechanism()).isEqualTo(Mechanism.LOGGING);
  }

  @Test
  void theAgentsOwnAndTheJdkHttpLoggersAreIgnored() {
    sink.logged(new RuntimeException(), "jul", "dev.kintsugi.agent.x", "m");
    sink.logged(new RuntimeException(), "jul", "sun.net.www.protocol.http.HttpURLConnection", "m");
    sink.logged(new RuntimeException(), "jul", "jdk.internal.httpclient.debug", "m");
    assertThat(queued).isEmpty();
  }

  @Test
  void nothingIsCapturedOrRecordedOnTheAgentsOwnThreads() throws Exception {
    RuntimeException e = new RuntimeException();
    Thread t =
        new AgentThread(
            "test",
            () -> {
              sink.exited(e, null, false, "com.acme.P", "m", "", new Object[0]);
              sink.logged(e, "jul", "com.acme", "m");
              sink.captured(e);
              sink.uncaught(e);
            });
    t.start();
    t.join();
    assertThat(queued).isEmpty();
    assertThat(records.take(e)).isEmpty();
  }

  @Test
  void aSnapshotThatRunsCodeWhichThrowsIntoTheSinkDoesNotRecurse() {
    RuntimeException outer = new RuntimeException("outer");
    Object reentrant =
        new AbstractList<Object>() {
          @Override
          public Object get(int i) {
            return null;
          }

          @Override
          public int size() {
            return 1;
          }

          @Override
          public Iterator<Object> iterator() {
            RuntimeException inner = new RuntimeException("inner");
            sink.exited(inner, null, false, "com.acme.Q", "it", "", new Object[0]);
            assertThat(records.take(inner)).isEmpty();
            throw inner;
          }
        };
    sink.exited(outer, null, false, "com.acme.P", "m", "list", new Object[] {reentrant});
    assertThat(records.take(outer).get(0).varsJson())
        .isEqualTo("{\"list\":\"<kintsugi:unreadable>\"}");
  }
}
