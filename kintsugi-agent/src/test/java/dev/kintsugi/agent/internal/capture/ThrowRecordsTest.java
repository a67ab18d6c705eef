package dev.kintsugi.agent.internal.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrowRecordsTest {
  /** Equal to every other instance: a map using equals() would mix them up. */
  static final class EqualToAll extends RuntimeException {
    @Override
    public boolean equals(Object o) {
      return true;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  static FrameRecord record(String method) {
    return new FrameRecord("com.acme.X", method, "{}");
  }

  @Test
  void recordsAreKeptPerThrowableIdentityInExitOrderAndTakenOnce() {
    ThrowRecords records = new ThrowRecords(10, 10);
    Throwable a = new EqualToAll();
    Throwable b = new EqualToAll();
    records.add(a, record("deep"));
    records.add(a, record("outer"));
    records.add(b, record("other"));
    assertThat(records.take(a))
        .extracting(FrameRecord::methodName)
        .containsExactly("deep", "outer");
    assertThat(records.take(a)).isEmpty();
    assertThat(records.take(b)).extracting(FrameRecord::methodName).containsExactly("other");
  }

  @Test
  void boundedInFramesPerThrowableAndInThrowables() {
    ThrowRecords records = new ThrowRecords(2, 3);
    Throwable a = new RuntimeException();
    for (int i = 0; i < 5; i++) {
      records.add(a, record("m" + i));
    }
    assertThat(records.wants(a)).isFalse();
    assertThat(records.take(a)).hasSize(3);
    Throwable x = new RuntimeException();
    Throwable y = new RuntimeException();
    Throwable z = new RuntimeException();
    records.add(x, record("x"));
    records.add(y, record("y"));
    records.add(z, record("z"));
    assertThat(records.size()).isEqualTo(2);
    assertThat(records.take(z)).isEmpty();
  }

  @Test
  void doesNotKeepThrowablesAlive() throws Exception {
    ThrowRecords records = new ThrowRecords(10, 10);
    Throwable t = new RuntimeException();
    records.add(t, record("m"));
    WeakReference<Throwable> ref = new WeakReference<>(t);
    t = null;
    for (int i = 0; i < 50 && (ref.get() != null || records.size() > 0); i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(ref.get()).isNull();
    assertThat(records.size()).isZero();
  }

  @Test
  void chainIsOutermostFirstAndStopsAtCycles() {
    RuntimeException root = new RuntimeException("root");
    IllegalStateException mid = new IllegalStateException("mid", root);
    RuntimeException top = new RuntimeException("top", mid);
    assertThat(Capturer.chain(top)).containsExactly(top, mid, root);
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(Capturer.chain(a)).containsExactly(a, b);
    List<Throwable> chain = Capturer.chain(deep(20));
    assertThat(chain).hasSize(Capturer.MAX_CHAIN);
  }

  static Throwable deep(int n) {
    Throwable t = new RuntimeException("0");
    for (int i = 1; i < n; i++) {
      t = new RuntimeException(String.valueOf(i), t);
    }
    return t;
  }
}
