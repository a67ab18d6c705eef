package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.server.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts received by any node: which fire is shared, and each queued alert is taken by one node.
 * Subclasses say which database.
 */
abstract class StoredAlertsContract {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  Database a;
  Database b;

  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    String url = freshUrl();
    a = Database.open(url);
    b = Database.open(url);
  }

  @AfterEach
  void close() throws Exception {
    b.close();
    a.close();
    dispose();
  }

  static RuntimeSignal.Alert alert(String instance, boolean firing) {
    return new RuntimeSignal.Alert(
        "shop",
        "HighErrorRate",
        T0,
        firing,
        Map.of("alertname", "HighErrorRate", "instance", instance));
  }

  @Test
  void whatOneNodeReceivesFiresForTheOtherUntilEveryInstanceResolved() {
    StoredAlerts onA = new StoredAlerts(a, Clock.systemUTC());
    StoredAlerts onB = new StoredAlerts(b, Clock.systemUTC());

    onA.put(alert("i1", true));
    onB.put(alert("i1", true)); // the same alert again, received by the other node
    onB.put(alert("i2", true));
    assertThat(onB.firing("shop", "HighErrorRate")).isTrue();
    assertThat(onB.firing("shop", "Other")).isFalse();
    assertThat(onB.firing("other", "HighErrorRate")).isFalse();

    onB.put(alert("i1", false));
    assertThat(onA.firing("shop", "HighErrorRate")).as("i2 still fires").isTrue();
    onA.put(alert("i2", false));
    assertThat(onA.firing("shop", "HighErrorRate")).isFalse();
  }

  @Test
  void eachQueuedAlertIsTakenByOneNodeOnlyInTheOrderReceived() {
    StoredAlerts onA = new StoredAlerts(a, Clock.systemUTC());
    StoredAlerts onB = new StoredAlerts(b, Clock.systemUTC());
    for (int i = 0; i < 10; i++) {
      onA.put(alert("i" + i, i % 2 == 0));
    }

    List<RuntimeSignal.Alert> taken = new ArrayList<>(onB.take("b", 4));
    taken.addAll(onA.take("a", 100));
    taken.addAll(onB.take("b", 100));

    assertThat(taken).hasSize(10);
    assertThat(taken)
        .extracting(x -> x.labels().get("instance"))
        .containsExactly("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9");
    assertThat(taken.get(0)).isEqualTo(alert("i0", true));
    assertThat(taken.get(1).firing()).isFalse();
  }
}
