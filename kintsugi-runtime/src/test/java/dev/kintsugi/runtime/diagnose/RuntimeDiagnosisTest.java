package dev.kintsugi.runtime.diagnose;

import static dev.kintsugi.runtime.diagnose.SyntheticSeries.ERRORS;
import static dev.kintsugi.runtime.diagnose.SyntheticSeries.ONSET;
import static dev.kintsugi.runtime.diagnose.SyntheticSeries.POOL;
import static dev.kintsugi.runtime.diagnose.SyntheticSeries.THREADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.IncidentKind;
import dev.kintsugi.server.store.IncidentStatus;
import dev.kintsugi.server.store.RecentChanges.ReleaseSeen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RuntimeDiagnosisTest {

  /** Releases and incidents of project shop, answered for the window asked. */
  static final class Changes implements ChangeHistory {
    final List<ReleaseSeen> releases = new ArrayList<>();
    final List<Incident> incidents = new ArrayList<>();

    @Override
    public List<ReleaseSeen> releasesFirstSeen(String project, Instant from, Instant to) {
      return releases.stream()
          .filter(r -> !r.firstSeen().isBefore(from) && !r.firstSeen().isAfter(to))
          .toList();
    }

    @Override
    public List<Incident> incidentsStarted(String project, Instant from, Instant to) {
      return incidents.stream()
          .filter(i -> !i.firstSeen().isBefore(from) && !i.firstSeen().isAfter(to))
          .toList();
    }
  }

  final Changes changes = new Changes();
  final SyntheticSeries series = new SyntheticSeries(42);

  static RuntimeSignal.Anomaly errorsAnomaly() {
    return new RuntimeSignal.Anomaly("shop", ERRORS, ONSET, 35, 0.99);
  }

  static Incident incident(long id, String title, Instant firstSeen) {
    return new Incident(
        id,
        1,
        "f" + id,
        title,
        "",
        IncidentStatus.OPEN,
        3,
        firstSeen,
        firstSeen,
        IncidentKind.ERROR);
  }

  List<SuspectedCause> diagnose(RuntimeSignal trigger, HealthNow health) {
    return new RuntimeDiagnosis(changes, series, health).diagnose(trigger, ONSET);
  }

  @Nested
  class Series {
    @Test
    void theSeriesThatLedIsSuspectedWithItsLeadAndGrangerTestAndTheUnrelatedOneIsNot() {
      List<SuspectedCause> causes = diagnose(errorsAnomaly(), HealthNow.NONE);

      assertThat(causes).extracting(SuspectedCause::subject).containsExactly(POOL);
      SuspectedCause pool = causes.get(0);
      assertThat(pool.rank()).isEqualTo(1);
      assertThat(pool.kind()).isEqualTo(CauseKind.SERIES);
      assertThat(pool.score()).isGreaterThan(0.85);
      assertThat(pool.evidence())
          .as(pool.evidence())
          .startsWith(POOL + " rose 20 s earlier than " + ERRORS + "; Granger F=")
          .contains("p<0.001")
          .contains("(lag 2)");
    }

    @Test
    void withoutATriggerSeriesASeriesThatMovedBeforeTheOnsetIsStillSuspected() {
      RuntimeSignal.Health failing =
          new RuntimeSignal.Health("shop", "checkout", ONSET, false, 3, "HTTP 503");

      List<SuspectedCause> causes = diagnose(failing, HealthNow.NONE);

      // The errors stepped too (80 s before the onset), after the pool did (100 s before).
      assertThat(causes)
          .extracting(SuspectedCause::subject)
          .containsExactlyInAnyOrder(POOL, ERRORS);
      assertThat(causes)
          .filteredOn(c -> c.subject().equals(POOL))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.evidence()).isEqualTo(POOL + " rose 100 s before the onset");
                assertThat(c.score()).isEqualTo(0.4);
              });
    }
  }

  @Nested
  class Releases {
    @Test
    void aReleaseJustBeforeTheOnsetRanksFirstAndCloserReleasesRankHigher() {
      changes.releases.add(new ReleaseSeen("1.4.1", ONSET.minus(Duration.ofMinutes(25))));
      changes.releases.add(new ReleaseSeen("1.4.2", ONSET.minus(Duration.ofMinutes(2))));
      changes.releases.add(new ReleaseSeen("1.3.9", ONSET.minus(Duration.ofMinutes(45))));

      List<SuspectedCause> causes = diagnose(errorsAnomaly(), HealthNow.NONE);

      assertThat(causes)
          .extracting(SuspectedCause::subject)
          .containsExactly("1.4.2", POOL, "1.4.1");
      assertThat(causes.get(0).evidence())
          .isEqualTo("release 1.4.2 first seen 2 min before the onset");
      assertThat(causes.get(0).kind()).isEqualTo(CauseKind.RELEASE);
      assertThat(causes.get(2).score()).isLessThan(causes.get(0).score());
      assertThat(causes).extracting(SuspectedCause::rank).containsExactly(1, 2, 3);
    }

    @Test
    void aReleaseFirstSeenJustAfterTheOnsetIsAWeakSuspect() {
      changes.releases.add(new ReleaseSeen("1.5.0", ONSET.plusSeconds(30)));

      SuspectedCause late =
          diagnose(errorsAnomaly(), HealthNow.NONE).stream()
              .filter(c -> c.kind() == CauseKind.RELEASE)
              .findFirst()
              .orElseThrow();

      assertThat(late.evidence()).isEqualTo("release 1.5.0 first seen 30 s after the onset");
      assertThat(late.score()).isLessThan(0.3);
    }
  }

  @Test
  void incidentsThatStartedNearTheOnsetAreSuspectedTheCloserTheHigher() {
    changes.incidents.add(incident(7, "NullPointerException in Checkout", ONSET.minusSeconds(40)));
    changes.incidents.add(incident(8, "Timeout in Payments", ONSET.minus(Duration.ofMinutes(9))));
    changes.incidents.add(incident(9, "Long ago", ONSET.minus(Duration.ofHours(2))));

    List<SuspectedCause> causes =
        diagnose(errorsAnomaly(), HealthNow.NONE).stream()
            .filter(c -> c.kind() == CauseKind.INCIDENT)
            .toList();

    assertThat(causes).extracting(SuspectedCause::subject).containsExactly("#7", "#8");
    assertThat(causes.get(0).evidence())
        .isEqualTo(
            "incident #7 (NullPointerException in Checkout) first seen 40 s before the onset");
  }

  @Test
  void failingHealthChecksOtherThanTheTriggerAreSuspected() {
    HealthNow health =
        project ->
            List.of(
                new HealthNow.Failing(
                    "db", ONSET.minus(Duration.ofMinutes(3)), "connection refused"),
                new HealthNow.Failing("checkout", ONSET, "HTTP 503"));
    RuntimeSignal.Health trigger =
        new RuntimeSignal.Health("shop", "checkout", ONSET, false, 3, "HTTP 503");

    List<SuspectedCause> causes =
        diagnose(trigger, health).stream().filter(c -> c.kind() == CauseKind.HEALTH).toList();

    assertThat(causes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.subject()).isEqualTo("db");
              assertThat(c.evidence())
                  .isEqualTo(
                      "health check db failing since 3 min before the onset: connection refused");
            });
  }

  @Test
  void nothingNearTheOnsetMeansNoSuspects() {
    SeriesHistory none =
        new SeriesHistory() {
          @Override
          public List<SeriesHistory.Point> points(
              String project, String s, Instant from, Instant to) {
            return List.of();
          }

          @Override
          public List<String> seriesOf(String project) {
            return List.of();
          }
        };

    assertThat(new RuntimeDiagnosis(changes, none, HealthNow.NONE).diagnose(errorsAnomaly(), ONSET))
        .isEmpty();
  }

  @Test
  void windowsRefuseNonsense() {
    RuntimeDiagnosis.Windows d = RuntimeDiagnosis.Windows.DEFAULT;
    assertThatThrownBy(
            () ->
                new RuntimeDiagnosis.Windows(
                    d.releases(),
                    d.incidentsBefore(),
                    d.incidentsAfter(),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(10),
                    6,
                    0.05,
                    10,
                    200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lead");
    assertThatThrownBy(
            () ->
                new RuntimeDiagnosis.Windows(
                    d.releases(),
                    d.incidentsBefore(),
                    d.incidentsAfter(),
                    d.lookback(),
                    d.lead(),
                    6,
                    1.5,
                    10,
                    200))
        .hasMessageContaining("alpha");
  }

  @Test
  void theLeadingSeriesRanksFirstAndTheUnrelatedOneRarelyShowsWhateverTheNoise() {
    int unrelated = 0;
    for (long seed = 0; seed < 20; seed++) {
      SyntheticSeries s = new SyntheticSeries(seed);
      List<SuspectedCause> causes =
          new RuntimeDiagnosis(changes, s, HealthNow.NONE).diagnose(errorsAnomaly(), ONSET);
      assertThat(causes.get(0).subject()).as("seed " + seed).isEqualTo(POOL);
      unrelated += causes.stream().anyMatch(c -> c.subject().equals(THREADS)) ? 1 : 0;
    }
    assertThat(unrelated).as("false suspicions of the unrelated series in 20 runs").isLessThan(3);
  }
}
