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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The circuits in the database, the same on every database: subclasses say which one. */
abstract class CircuitStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final TestClock clock = new TestClock();
  Database db;
  AuditStore audit;
  CircuitStore circuits;
  Project shop;
  Project other;

  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    db = Database.open(freshUrl());
    audit = new AuditStore(db, clock);
    circuits = new CircuitStore(db, audit, clock);
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
              if (e.action().startsWith("circuit.")) {
                out.add(e);
              }
            });
    return out;
  }

  @Test
  void anOpenedCircuitIsActiveForItsProjectOnlyUntilItExpires() {
    Circuit c =
        circuits.open(
            shop.id(), "com.acme.Pricing#quote", Optional.of("0"), Duration.ofMinutes(10), "ops");

    assertThat(c.mode()).isEqualTo(Circuit.Mode.FALLBACK);
    assertThat(c.expiresAt()).isEqualTo(T0.plusSeconds(600));
    assertThat(circuits.active(shop.id())).containsExactly(c);
    assertThat(circuits.active(shop.id(), "com.acme.Pricing#quote")).contains(c);
    assertThat(circuits.active(other.id())).isEmpty();

    clock.now = T0.plusSeconds(599);
    assertThat(circuits.active(shop.id())).hasSize(1);
    clock.now = T0.plusSeconds(600);
    assertThat(circuits.active(shop.id())).isEmpty();
    assertThat(circuits.active(shop.id(), "com.acme.Pricing#quote")).isEmpty();
  }

  @Test
  void reopeningReplacesTheCircuitAndAFailCircuitHasNoFallback() {
    circuits.open(
        shop.id(), "com.acme.Pricing#quote", Optional.of("0"), Duration.ofMinutes(1), "a");
    clock.now = T0.plusSeconds(30);
    circuits.open(
        shop.id(), "com.acme.Pricing#quote", Optional.empty(), Duration.ofMinutes(5), "b");

    List<Circuit> active = circuits.active(shop.id());
    assertThat(active).hasSize(1);
    assertThat(active.get(0).mode()).isEqualTo(Circuit.Mode.FAIL);
    assertThat(active.get(0).fallback()).isEmpty();
    assertThat(active.get(0).openedBy()).isEqualTo("b");
    assertThat(active.get(0).expiresAt()).isEqualTo(T0.plusSeconds(330));
  }

  @Test
  void anExpiredCircuitCanBeOpenedAgain() {
    circuits.open(shop.id(), "com.acme.A#b", Optional.of("x"), Duration.ofSeconds(5), "a");
    clock.now = T0.plusSeconds(10);
    circuits.open(shop.id(), "com.acme.A#b", Optional.of("y"), Duration.ofSeconds(5), "a");
    assertThat(circuits.active(shop.id())).extracting(c -> c.fallback().get()).containsExactly("y");
  }

  @Test
  void closingMakesItInactiveAndSaysWhetherItWasOpen() {
    circuits.open(
        shop.id(), "com.acme.Pricing#quote", Optional.of("0"), Duration.ofMinutes(1), "a");
    circuits.open(
        shop.id(), "com.acme.Pricing#total", Optional.empty(), Duration.ofMinutes(1), "a");

    assertThat(circuits.close(shop.id(), "com.acme.Pricing#quote", "ops")).isTrue();
    assertThat(circuits.close(shop.id(), "com.acme.Pricing#quote", "ops")).isFalse();
    assertThat(circuits.active(shop.id()))
        .extracting(Circuit::method)
        .containsExactly("com.acme.Pricing#total");

    clock.now = T0.plusSeconds(120);
    assertThat(circuits.close(shop.id(), "com.acme.Pricing#total", "ops")).isFalse();
  }

  @Test
  void everyOpeningAndClosingIsInTheAuditTrail() {
    circuits.open(
        shop.id(), "com.acme.Pricing#quote", Optional.of("n/a"), Duration.ofMinutes(1), "ops");
    circuits.close(shop.id(), "com.acme.Pricing#quote", "kintsugi");
    circuits.close(shop.id(), "com.acme.Pricing#quote", "kintsugi");

    List<AuditEntry> trail = trail(shop);
    assertThat(trail)
        .extracting(AuditEntry::action)
        .containsExactly("circuit.opened", "circuit.closed");
    assertThat(trail.get(0).actor()).isEqualTo("ops");
    assertThat(trail.get(0).detail())
        .containsEntry("method", "com.acme.Pricing#quote")
        .containsEntry("mode", "fallback")
        .containsEntry("fallback", "n/a")
        .containsEntry("expiresAt", T0.plusSeconds(60).toString());
    assertThat(trail.get(1).actor()).isEqualTo("kintsugi");
    assertThat(audit.verify(Optional.of(shop.id())).ok()).isTrue();
  }

  @Test
  void badMethodsFallbacksAndTtlsAreRefusedAndNothingIsStored() {
    for (String method :
        new String[] {"Pricing", "com.acme.Pricing#", "#quote", "a b#c", "a#b#c"}) {
      assertThatThrownBy(
              () -> circuits.open(shop.id(), method, Optional.empty(), Duration.ofMinutes(1), "a"))
          .as(method)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("com.acme.Pricing#quote");
    }
    assertThatThrownBy(
            () -> circuits.open(shop.id(), "a.B#c", Optional.empty(), Duration.ZERO, "a"))
        .hasMessageContaining("ttl");
    assertThatThrownBy(
            () -> circuits.open(shop.id(), "a.B#c", Optional.empty(), Duration.ofDays(31), "a"))
        .hasMessageContaining("ttl");
    assertThatThrownBy(
            () ->
                circuits.open(
                    shop.id(), "a.B#c", Optional.of("x".repeat(4001)), Duration.ofMinutes(1), "a"))
        .hasMessageContaining("fallback");
    assertThatThrownBy(
            () -> circuits.open(9999, "a.B#c", Optional.empty(), Duration.ofMinutes(1), "a"))
        .isInstanceOf(StoreException.class);
    assertThat(circuits.active(shop.id())).isEmpty();
    assertThat(trail(shop)).isEmpty();
  }

  @Test
  void nestedClassesAndDollarNamesAreMethods() {
    circuits.open(
        shop.id(), "com.acme.Outer$Inner#get$value", Optional.of("1"), Duration.ofMinutes(1), "a");
    assertThat(circuits.active(shop.id(), "com.acme.Outer$Inner#get$value")).isPresent();
  }
}
