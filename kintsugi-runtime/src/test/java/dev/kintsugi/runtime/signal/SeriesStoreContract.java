package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.runtime.MovingClock;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.NewEvent;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Series storage and incident rates, the same on every database: subclasses say which one. */
abstract class SeriesStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  Database db;
  MovingClock clock;
  SeriesStore store;

  abstract String freshUrl() throws Exception;

  void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    db = Database.open(freshUrl());
    clock = new MovingClock(T0);
    store = new SeriesStore(db, clock, 5);
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
      dispose();
    }
  }

  static SeriesStore.NewPoint point(String series, Instant at, double value, Double score) {
    return new SeriesStore.NewPoint(
        "shop",
        series,
        at,
        value,
        score == null ? OptionalDouble.empty() : OptionalDouble.of(score));
  }

  @Test
  void appendedPointsAreReadByRangeWithTheirScores() {
    String s = "shop/http_errors_total{method=\"GET\",uri=\"/cart\"}";
    store.append(
        List.of(
            point(s, T0, 1.5, 0.1),
            point("health/api", T0, 1, null),
            point(s, T0.plusSeconds(15), 2.5, 0.95)));
    store.append(List.of(point(s, T0.plusSeconds(30), 3.5, null)));

    assertThat(store.range("shop", s, T0, T0.plusSeconds(30)))
        .containsExactly(
            new SeriesStore.Point(T0, 1.5, OptionalDouble.of(0.1)),
            new SeriesStore.Point(T0.plusSeconds(15), 2.5, OptionalDouble.of(0.95)));
    assertThat(store.range("other", s, T0, T0.plusSeconds(60))).isEmpty();
    assertThat(store.range("shop", "health/api", T0, T0.plusSeconds(1)))
        .containsExactly(new SeriesStore.Point(T0, 1, OptionalDouble.empty()));
    assertThat(store.latestScore("shop", s, T0)).hasValue(0.95);
    assertThat(store.latestScore("shop", s, T0.plusSeconds(15))).isEmpty();
    assertThat(store.names("shop")).containsExactly("health/api", s);
  }

  @Test
  void aNewStoreFindsTheSeriesAnotherCreated() {
    store.append(List.of(point("a", T0, 1, null)));
    new SeriesStore(db, clock, 5).append(List.of(point("a", T0.plusSeconds(1), 2, null)));
    assertThat(store.range("shop", "a", T0, T0.plusSeconds(2))).hasSize(2);
    assertThat(store.names("shop")).containsExactly("a");
  }

  @Test
  void pruneDeletesPastRetentionAndKeepsEachSeriesBounded() {
    List<SeriesStore.NewPoint> points = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      points.add(point("busy", T0.plusSeconds(60L * i), i, null));
    }
    points.add(point("old", T0.minus(Duration.ofDays(2)), 1, null));
    points.add(point("old", T0.plusSeconds(1), 2, null));
    store.append(points);
    clock.advance(Duration.ofMinutes(10));

    long deleted = store.prune(Duration.ofDays(1));

    assertThat(deleted).isEqualTo(1 + 3);
    assertThat(
            store.range("shop", "busy", T0.minus(Duration.ofDays(9)), T0.plus(Duration.ofDays(1))))
        .extracting(SeriesStore.Point::value)
        .containsExactly(3.0, 4.0, 5.0, 6.0, 7.0);
    assertThat(
            store.range("shop", "old", T0.minus(Duration.ofDays(9)), T0.plus(Duration.ofDays(1))))
        .extracting(SeriesStore.Point::value)
        .containsExactly(2.0);
  }

  @Test
  void incidentRatesCountEachFinishedMinuteAndGoOnWithZerosWithinTheWindow() throws Exception {
    Store server = new Store(db, clock, new SecureRandom());
    Project p = server.createProject("shop", Optional.of("/r"), List.of());
    EventWriter writer = new EventWriter(db, EventWriter.Listener.NONE);
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(event(p.id(), "a" + i, "f1", T0.plusSeconds(5 + i)));
    }
    events.add(event(p.id(), "b0", "f2", T0.plusSeconds(50)));
    events.add(event(p.id(), "a9", "f1", T0.plusSeconds(65)));
    writer.write(events);
    long f1 =
        server.incidents(p.id(), 10).stream()
            .filter(i -> i.fingerprint().equals("f1"))
            .findFirst()
            .orElseThrow()
            .id();
    long f2 =
        server.incidents(p.id(), 10).stream()
            .filter(i -> i.fingerprint().equals("f2"))
            .findFirst()
            .orElseThrow()
            .id();
    IncidentRates rates = new IncidentRates(db, Duration.ofMinutes(2));

    assertThat(rates.poll(T0.plusSeconds(59))).as("the minute is not over").isEmpty();
    Instant m1 = T0.plusSeconds(60);
    assertThat(rates.poll(T0.plusSeconds(61)))
        .containsExactlyInAnyOrder(
            new Observation("shop", "incidents/" + f1, m1, 4, true),
            new Observation("shop", "incidents/" + f2, m1, 1, true));
    assertThat(rates.poll(T0.plusSeconds(70))).as("counted already").isEmpty();
    // Late poll: minutes 2 to 4 are caught up; f2 drops out 2 minutes after its last event.
    List<Observation> late = new ArrayList<>(rates.poll(T0.plusSeconds(4 * 60 + 1)));
    late.sort(
        java.util.Comparator.comparing(Observation::at)
            .thenComparing(o -> o.series().equals("incidents/" + f1) ? 0 : 1));
    assertThat(late)
        .containsExactly(
            new Observation("shop", "incidents/" + f1, T0.plusSeconds(120), 1, true),
            new Observation("shop", "incidents/" + f2, T0.plusSeconds(120), 0, true),
            new Observation("shop", "incidents/" + f1, T0.plusSeconds(180), 0, true),
            new Observation("shop", "incidents/" + f2, T0.plusSeconds(180), 0, true),
            new Observation("shop", "incidents/" + f1, T0.plusSeconds(240), 0, true));
    assertThat(rates.eventsSince(f1, T0.plusSeconds(6))).isEqualTo(3);
    assertThat(rates.eventsSince(f2, T0.plusSeconds(50))).isZero();
  }

  static NewEvent event(long project, String id, String fingerprint, Instant at) {
    return new NewEvent(
        project,
        (id + "0000000000000000000000000000000").substring(0, 32),
        fingerprint,
        "IllegalStateException in Cart.total",
        "com.acme.Cart.total",
        Optional.of("1.0"),
        Optional.of("prod"),
        at,
        "{}".getBytes(StandardCharsets.UTF_8));
  }
}
