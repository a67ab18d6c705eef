package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.server.circuit.Circuit;
import dev.kintsugi.server.circuit.CircuitStore;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The circuit action's seam over the server's database (H2). */
class ServerCircuitsTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  Database db;
  CircuitStore circuits;
  AuditStore audit;
  Project shop;
  ServerCircuits seam;

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    Store store = new Store(db, clock, new SecureRandom());
    audit = new AuditStore(db, clock);
    circuits = new CircuitStore(db, audit, clock);
    shop = store.createProject("shop", Optional.empty(), List.of("com.acme"));
    seam = new ServerCircuits(store, circuits);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void opensAndClosesTheNamedProjectsCircuitAsKintsugi() {
    seam.open("shop", "com.acme.Pricing#quote", Optional.of("0"), Duration.ofMinutes(5));
    seam.open("shop", "com.acme.Pricing#total", Optional.empty(), Duration.ofMinutes(5));

    List<Circuit> active = circuits.active(shop.id());
    assertThat(active)
        .extracting(Circuit::method)
        .containsExactly("com.acme.Pricing#quote", "com.acme.Pricing#total");
    assertThat(active.get(0).fallback()).contains("0");
    assertThat(active.get(1).mode()).isEqualTo(Circuit.Mode.FAIL);
    assertThat(active.get(0).expiresAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(active.get(0).openedBy()).isEqualTo("kintsugi");

    seam.close("shop", "com.acme.Pricing#quote");
    assertThat(circuits.active(shop.id()))
        .extracting(Circuit::method)
        .containsExactly("com.acme.Pricing#total");
    List<String> trail = new ArrayList<>();
    audit.entries(Optional.of(shop.id())).forEach(e -> trail.add(e.action() + " " + e.actor()));
    assertThat(trail)
        .containsSubsequence(
            "circuit.opened kintsugi", "circuit.opened kintsugi", "circuit.closed kintsugi");
  }

  @Test
  void anUnknownProjectOrBadMethodIsRefused() {
    assertThatThrownBy(
            () -> seam.open("nope", "com.acme.P#q", Optional.empty(), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no project named 'nope'");
    assertThatThrownBy(() -> seam.open("shop", "quote", Optional.empty(), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
