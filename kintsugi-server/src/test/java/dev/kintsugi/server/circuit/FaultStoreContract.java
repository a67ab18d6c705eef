package dev.kintsugi.server.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import dev.kintsugi.server.store.StoreException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The injected faults in the database, the same on every database: subclasses say which one. */
abstract class FaultStoreContract {
  static final String QUOTE = "com.acme.Pricing#quote";
  static final Fault.Latency SLOW = new Fault.Latency(1500);

  final CircuitStoreContract.TestClock clock = new CircuitStoreContract.TestClock();
  Database db;
  AuditStore audit;
  FaultStore faults;
  Project shop;
  Project other;

  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    db = Database.open(freshUrl());
    audit = new AuditStore(db, clock);
    faults = new FaultStore(db, audit, clock);
    Store store = new Store(db, clock, new SecureRandom());
    shop = store.createProject("shop", Optional.empty(), List.of("com.acme"));
    other = store.createProject("other", Optional.empty(), List.of("com.acme"));
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
      dispose();
    }
  }

  private List<AuditEntry> trail(Project p) {
    List<AuditEntry> out = new ArrayList<>();
    audit
        .entries(Optional.of(p.id()))
        .forEach(
            e -> {
              if (e.action().startsWith("fault.")) {
                out.add(e);
              }
            });
    return out;
  }

  @Test
  void anInjectedFaultIsActiveForItsProjectOnlyUntilItExpires() {
    Fault f =
        faults.inject(shop.id(), QUOTE, SLOW, 1.0, "shop-latency", Duration.ofMinutes(5), "ops");

    assertThat(f.expiresAt()).isEqualTo(CircuitStoreContract.T0.plusSeconds(300));
    assertThat(faults.active(shop.id())).containsExactly(f);
    assertThat(faults.active(shop.id(), QUOTE)).contains(f);
    assertThat(faults.active(other.id())).isEmpty();

    clock.now = CircuitStoreContract.T0.plusSeconds(299);
    assertThat(faults.active(shop.id())).hasSize(1);
    clock.now = CircuitStoreContract.T0.plusSeconds(300);
    assertThat(faults.active(shop.id())).isEmpty();
    assertThat(faults.active(shop.id(), QUOTE)).isEmpty();
  }

  @Test
  void anErrorFaultKeepsItsExceptionMessageAndProbabilityAndReplacesTheMethodsFault() {
    faults.inject(shop.id(), QUOTE, SLOW, 1.0, "a", Duration.ofMinutes(1), "ops");
    Fault.Thrown thrown = new Fault.Thrown("java.lang.IllegalStateException", "chaos");
    faults.inject(shop.id(), QUOTE, thrown, 0.25, "b", Duration.ofMinutes(2), "chaos");

    List<Fault> active = faults.active(shop.id());
    assertThat(active).hasSize(1);
    assertThat(active.get(0).effect()).isEqualTo(thrown);
    assertThat(active.get(0).probability()).isEqualTo(0.25);
    assertThat(active.get(0).experiment()).isEqualTo("b");
    assertThat(active.get(0).injectedBy()).isEqualTo("chaos");
  }

  @Test
  void removingEndsItAndSaysWhetherItWasActive() {
    faults.inject(shop.id(), QUOTE, SLOW, 1.0, "x", Duration.ofMinutes(1), "ops");
    faults.inject(shop.id(), "com.acme.Pricing#total", SLOW, 1.0, "x", Duration.ofSeconds(5), "a");

    assertThat(faults.remove(shop.id(), QUOTE, "ops")).isTrue();
    assertThat(faults.remove(shop.id(), QUOTE, "ops")).isFalse();
    assertThat(faults.active(shop.id()))
        .extracting(Fault::method)
        .containsExactly("com.acme.Pricing#total");

    clock.now = CircuitStoreContract.T0.plusSeconds(10);
    assertThat(faults.remove(shop.id(), "com.acme.Pricing#total", "ops")).isFalse();
  }

  @Test
  void everyInjectionAndRemovalIsInTheAuditTrailWithItsExperiment() {
    faults.inject(
        shop.id(),
        QUOTE,
        new Fault.Thrown("java.lang.IllegalStateException", "chaos"),
        0.5,
        "shop-errors",
        Duration.ofMinutes(1),
        "ops");
    faults.remove(shop.id(), QUOTE, "chaos");
    faults.remove(shop.id(), QUOTE, "chaos");

    List<AuditEntry> trail = trail(shop);
    assertThat(trail)
        .extracting(AuditEntry::action)
        .containsExactly("fault.injected", "fault.removed");
    assertThat(trail.get(0).actor()).isEqualTo("ops");
    assertThat(trail.get(0).detail())
        .containsEntry("method", QUOTE)
        .containsEntry("kind", "error")
        .containsEntry("exception", "java.lang.IllegalStateException")
        .containsEntry("message", "chaos")
        .containsEntry("probability", "0.5")
        .containsEntry("experiment", "shop-errors")
        .containsEntry("expiresAt", CircuitStoreContract.T0.plusSeconds(60).toString());
    assertThat(trail.get(1).actor()).isEqualTo("chaos");
    assertThat(trail.get(1).detail()).containsEntry("experiment", "shop-errors");
    assertThat(audit.verify(Optional.of(shop.id())).ok()).isTrue();
  }

  @Test
  void noFaultWithoutAnExperimentAProbabilityInRangeOrATtlOfAtMostAnHour() {
    Duration minute = Duration.ofMinutes(1);
    assertThatThrownBy(() -> faults.inject(shop.id(), QUOTE, SLOW, 1.0, " ", minute, "a"))
        .hasMessageContaining("experiment is required");
    assertThatThrownBy(() -> faults.inject(shop.id(), QUOTE, SLOW, 1.0, null, minute, "a"))
        .hasMessageContaining("experiment is required");
    for (double p : new double[] {0, -0.1, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> faults.inject(shop.id(), QUOTE, SLOW, p, "x", minute, "a"))
          .as("probability " + p)
          .hasMessageContaining("probability");
    }
    for (Duration ttl :
        new Duration[] {Duration.ZERO, Duration.ofMillis(999), Duration.ofHours(2)}) {
      assertThatThrownBy(() -> faults.inject(shop.id(), QUOTE, SLOW, 1.0, "x", ttl, "a"))
          .as(ttl.toString())
          .hasMessageContaining("ttlSeconds must be from 1 to 3600");
    }
    assertThatThrownBy(() -> faults.inject(shop.id(), "Pricing", SLOW, 1.0, "x", minute, "a"))
        .hasMessageContaining("com.acme.Pricing#quote");
    assertThatThrownBy(() -> new Fault.Latency(0)).hasMessageContaining("latencyMs");
    assertThatThrownBy(() -> new Fault.Latency(60_001)).hasMessageContaining("latencyMs");
    for (String bad : new String[] {"", "java.lang.", "a b", "java.lang.Foo()", "1x"}) {
      assertThatThrownBy(() -> new Fault.Thrown(bad, "m"))
          .as(bad)
          .hasMessageContaining("exception must be a class's binary name");
    }
    assertThat(new Fault.Thrown("com.acme.Outer$Failure", "m").exception())
        .isEqualTo("com.acme.Outer$Failure");
    assertThatThrownBy(() -> faults.inject(9999, QUOTE, SLOW, 1.0, "x", minute, "a"))
        .isInstanceOf(StoreException.class);
    assertThat(faults.active(shop.id())).isEmpty();
    assertThat(trail(shop)).isEmpty();
  }
}
