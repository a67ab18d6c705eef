package dev.kintsugi.runtime.diagnose;

import static dev.kintsugi.runtime.diagnose.SyntheticSeries.ERRORS;
import static dev.kintsugi.runtime.diagnose.SyntheticSeries.ONSET;
import static dev.kintsugi.runtime.diagnose.SyntheticSeries.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.IncidentKind;
import dev.kintsugi.server.store.IncidentStatus;
import dev.kintsugi.server.store.NewEvent;
import dev.kintsugi.server.store.RecentChanges;
import dev.kintsugi.server.store.RuntimeIncidentStore;
import dev.kintsugi.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opener on a real H2 database, with synthetic scraped series. */
class RuntimeIncidentsTest {
  Database db;
  Store store;
  RuntimeIncidentStore stored;
  RuntimeIncidents incidents;
  long project;
  final List<String> log = new ArrayList<>();

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:mem:runtime-incidents-" + System.nanoTime());
    Clock clock = Clock.fixed(ONSET.plusSeconds(5), ZoneOffset.UTC);
    store = new Store(db, clock, new SecureRandom());
    stored = new RuntimeIncidentStore(db, clock);
    project = store.createProject("shop", Optional.of("/repo"), List.of("com.acme")).id();
    incidents = opener(new SyntheticSeries(42));
  }

  RuntimeIncidents opener(SeriesHistory series) {
    RuntimeDiagnosis diagnosis =
        new RuntimeDiagnosis(
            new StoredChanges(store, new RecentChanges(db)), series, HealthNow.NONE);
    return new RuntimeIncidents(store, stored, diagnosis, log::add);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** An error event of release {@code release} at {@code at}. */
  void event(String release, Instant at) throws Exception {
    new EventWriter(db, EventWriter.Listener.NONE)
        .write(
            List.of(
                new NewEvent(
                    project,
                    "0123456789abcdef0123456789abcdef",
                    "f-" + release,
                    "Boom",
                    "com.acme.Svc.run",
                    Optional.of(release),
                    Optional.of("prod"),
                    at,
                    "{}".getBytes(StandardCharsets.UTF_8))));
  }

  static RuntimeSignal.Health health(boolean healthy, Instant at) {
    return new RuntimeSignal.Health("shop", "checkout", at, healthy, 3, healthy ? "" : "HTTP 503");
  }

  @Test
  void anAnomalyOpensARuntimeIncidentDiagnosedWithTheReleaseJustBeforeItFirst() throws Exception {
    event("1.4.2", ONSET.minus(Duration.ofMinutes(3)));

    long id = incidents.open(new RuntimeSignal.Anomaly("shop", ERRORS, ONSET, 35, 0.99));

    Incident incident = store.incident(id).orElseThrow();
    assertThat(incident.kind()).isEqualTo(IncidentKind.RUNTIME);
    assertThat(incident.title()).isEqualTo("Anomaly on " + ERRORS);
    RuntimeIncidentStore.Diagnosis d = stored.diagnosis(id).orElseThrow();
    assertThat(d.trigger().description())
        .isEqualTo("anomaly on " + ERRORS + ": value 35, anomaly score 0.99");
    assertThat(d.causes())
        .extracting(RuntimeIncidentStore.Cause::subject)
        .startsWith("1.4.2", POOL);
    assertThat(d.causes().get(0).evidence())
        .isEqualTo("release 1.4.2 first seen 3 min before the onset");
    assertThat(d.causes().get(0).kind()).isEqualTo("release");
    assertThat(d.causes().get(1).evidence()).contains("Granger F=");
    // The error incident that release came with started 3 min before too.
    assertThat(d.causes()).extracting(RuntimeIncidentStore.Cause::kind).contains("incident");
  }

  @Test
  void repeatsCountIntoOneIncidentARecoveryResolvesItAndTheNextFailureReopensIt() {
    long id = incidents.open(health(false, ONSET));
    assertThat(incidents.open(health(false, ONSET.plusSeconds(10)))).isEqualTo(id);
    assertThat(store.incident(id).orElseThrow().count()).isEqualTo(2);

    assertThat(incidents.recovered(health(true, ONSET.plusSeconds(60)))).contains(id);
    assertThat(store.incident(id).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(incidents.recovered(health(true, ONSET.plusSeconds(70))))
        .as("resolved already")
        .isEmpty();

    assertThat(incidents.open(health(false, ONSET.plusSeconds(600)))).isEqualTo(id);
    assertThat(store.incident(id).orElseThrow().status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(stored.diagnosis(id).orElseThrow().trigger().detectedAt())
        .isEqualTo(ONSET.plusSeconds(600));
  }

  @Test
  void alertsGroupByNameAndEndWhenResolved() {
    RuntimeSignal.Alert firing =
        new RuntimeSignal.Alert("shop", "HighLatency", ONSET, true, Map.of("severity", "page"));
    long id = incidents.open(firing);

    assertThat(stored.diagnosis(id).orElseThrow().trigger().description())
        .isEqualTo("alert HighLatency firing (severity=page)");
    assertThat(
            incidents.recovered(
                new RuntimeSignal.Alert("shop", "HighLatency", ONSET, false, Map.of())))
        .contains(id);
  }

  @Test
  void aNewIncidentSignalIsItsOwnIncidentAndRecoveriesOrUnknownProjectsOpenNothing() {
    assertThat(incidents.open(new RuntimeSignal.NewIncident("shop", 77, "abc", "X", ONSET)))
        .isEqualTo(77);
    assertThatThrownBy(() -> incidents.open(health(true, ONSET)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recovery");
    assertThatThrownBy(() -> incidents.open(new RuntimeSignal.Anomaly("nope", ERRORS, ONSET, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no project named 'nope'");
    assertThat(store.incidents(project, 10)).isEmpty();
  }

  @Test
  void aDiagnosisThatFailsIsLoggedAndLeavesTheIncidentOpenUndiagnosed() {
    SeriesHistory broken =
        new SeriesHistory() {
          @Override
          public List<SeriesHistory.Point> points(
              String project, String series, Instant from, Instant to) {
            throw new IllegalStateException("series store down");
          }

          @Override
          public List<String> seriesOf(String project) {
            return List.of(POOL);
          }
        };

    long id = opener(broken).open(new RuntimeSignal.Anomaly("shop", ERRORS, ONSET, 35, 0.99));

    assertThat(store.incident(id).orElseThrow().status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(stored.diagnosis(id).orElseThrow().diagnosedAt()).isEmpty();
    assertThat(log).singleElement().asString().contains("series store down");
  }
}
