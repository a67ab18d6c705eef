package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.runtime.diagnose.SeriesHistory.Point;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.RecentChanges.ReleaseSeen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ranks the suspected causes of a runtime signal that started at an onset, each with a score in [0,
 * 1] and evidence a person can check:
 *
 * <ul>
 *   <li>a <b>release</b> first seen within {@link Windows#releases} before the onset: the closer,
 *       the higher (0.6 to 1.0); one first seen just after it (its first events may lag the
 *       deployment) scores at most 0.3;
 *   <li>an error <b>incident</b> first seen near the onset (0.3 to 0.7, closer is higher);
 *   <li>a <b>series</b> that moved first: its change onset (median/MAD baseline, {@link
 *       ChangeOnset}) came before the trigger's (0.4), and/or its past predicts the trigger series
 *       in a Granger test ({@link Granger}; up to 0.5 as p falls below {@link Windows#alpha});
 *   <li>a <b>health</b> check failing now, other than the trigger itself (0.65 when it failed
 *       before the onset, else 0.5).
 * </ul>
 *
 * Pure: it reads only through its three readers and keeps no state, so a test drives it with
 * synthetic series. A diagnosis is a suspicion shown in the incident, never acted on by itself.
 */
public final class RuntimeDiagnosis {

  /**
   * How far around the onset diagnosis looks.
   *
   * @param releases how long before the onset a release counts
   * @param incidentsBefore how long before the onset an incident's start counts
   * @param incidentsAfter how long after it
   * @param lookback how much of each series is read before the onset (the Granger test's sample)
   * @param lead how long before the onset a series' change is looked for; the points before make
   *     its baseline
   * @param grangerLags the largest lag order the Granger test tries
   * @param alpha the significance level of the Granger test
   * @param maxCauses how many causes are kept, the likeliest
   * @param maxSeries how many of the project's series are examined at most
   */
  public record Windows(
      Duration releases,
      Duration incidentsBefore,
      Duration incidentsAfter,
      Duration lookback,
      Duration lead,
      int grangerLags,
      double alpha,
      int maxCauses,
      int maxSeries) {

    /** 30 min of releases, incidents from 10 min before to 5 min after, 30 min of series. */
    public static final Windows DEFAULT =
        new Windows(
            Duration.ofMinutes(30),
            Duration.ofMinutes(10),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofMinutes(10),
            6,
            0.05,
            10,
            200);

    public Windows {
      for (Duration d : List.of(releases, incidentsBefore, incidentsAfter, lookback, lead)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("diagnosis windows must be positive, was " + d);
        }
      }
      if (!lead.minus(lookback).isNegative()) {
        throw new IllegalArgumentException(
            "lead (" + lead + ") must be shorter than lookback (" + lookback + ")");
      }
      if (grangerLags < 1 || maxCauses < 1 || maxSeries < 0) {
        throw new IllegalArgumentException("grangerLags and maxCauses must be >= 1");
      }
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
      }
    }
  }

  /** How long after the onset a release first seen still counts (its first events lag). */
  static final Duration RELEASE_GRACE = Duration.ofMinutes(2);

  private final ChangeHistory changes;
  private final SeriesHistory series;
  private final HealthNow health;
  private final Windows windows;

  public RuntimeDiagnosis(ChangeHistory changes, SeriesHistory series, HealthNow health) {
    this(changes, series, health, Windows.DEFAULT);
  }

  public RuntimeDiagnosis(
      ChangeHistory changes, SeriesHistory series, HealthNow health, Windows windows) {
    this.changes = Objects.requireNonNull(changes, "changes");
    this.series = Objects.requireNonNull(series, "series");
    this.health = Objects.requireNonNull(health, "health");
    this.windows = Objects.requireNonNull(windows, "windows");
  }

  private record Candidate(CauseKind kind, String subject, double score, String evidence) {}

  /** The suspected causes of {@code trigger}, which started at {@code onset}, likeliest first. */
  public List<SuspectedCause> diagnose(RuntimeSignal trigger, Instant onset) {
    List<Candidate> found = new ArrayList<>();
    releases(trigger.project(), onset, found);
    incidents(trigger.project(), onset, found);
    series(trigger, onset, found);
    checks(trigger, onset, found);
    found.sort(
        Comparator.comparingDouble(Candidate::score)
            .reversed()
            .thenComparing(Candidate::kind)
            .thenComparing(Candidate::subject));
    List<SuspectedCause> ranked = new ArrayList<>();
    for (Candidate c : found.subList(0, Math.min(found.size(), windows.maxCauses()))) {
      ranked.add(
          new SuspectedCause(ranked.size() + 1, c.kind(), c.subject(), c.score(), c.evidence()));
    }
    return ranked;
  }

  private void releases(String project, Instant onset, List<Candidate> out) {
    Instant from = onset.minus(windows.releases());
    for (ReleaseSeen r : changes.releasesFirstSeen(project, from, onset.plus(RELEASE_GRACE))) {
      double score =
          r.firstSeen().isAfter(onset)
              ? 0.3 * (1 - fraction(onset, r.firstSeen(), RELEASE_GRACE))
              : 0.6 + 0.4 * (1 - fraction(r.firstSeen(), onset, windows.releases()));
      out.add(
          new Candidate(
              CauseKind.RELEASE,
              r.release(),
              score,
              "release " + r.release() + " first seen " + relative(r.firstSeen(), onset)));
    }
  }

  private void incidents(String project, Instant onset, List<Candidate> out) {
    Instant from = onset.minus(windows.incidentsBefore());
    Instant to = onset.plus(windows.incidentsAfter());
    for (Incident i : changes.incidentsStarted(project, from, to)) {
      boolean before = !i.firstSeen().isAfter(onset);
      double off =
          before
              ? fraction(i.firstSeen(), onset, windows.incidentsBefore())
              : fraction(onset, i.firstSeen(), windows.incidentsAfter());
      out.add(
          new Candidate(
              CauseKind.INCIDENT,
              "#" + i.id(),
              0.3 + 0.4 * (1 - off),
              "incident #"
                  + i.id()
                  + " ("
                  + AuditStore.cut(i.title(), 100)
                  + ") first seen "
                  + relative(i.firstSeen(), onset)));
    }
  }

  private void series(RuntimeSignal trigger, Instant onset, List<Candidate> out) {
    Instant from = onset.minus(windows.lookback());
    Instant searchFrom = onset.minus(windows.lead());
    Optional<String> triggerSeries =
        trigger instanceof RuntimeSignal.Anomaly a ? Optional.of(a.series()) : Optional.empty();
    List<Point> y =
        triggerSeries.map(s -> series.points(trigger.project(), s, from, onset)).orElse(List.of());
    // The trigger's own series often left its baseline before the detector was sure.
    Instant triggerChange =
        ChangeOnset.find(y, searchFrom)
            .map(ChangeOnset.Change::at)
            .filter(at -> at.isBefore(onset))
            .orElse(onset);
    List<String> names = series.seriesOf(trigger.project());
    for (String name : names.subList(0, Math.min(names.size(), windows.maxSeries()))) {
      if (triggerSeries.filter(name::equals).isPresent()) {
        continue;
      }
      List<Point> x = series.points(trigger.project(), name, from, onset);
      Optional<ChangeOnset.Change> moved =
          ChangeOnset.find(x, searchFrom).filter(c -> c.at().isBefore(triggerChange));
      Optional<Granger.Result> granger =
          y.isEmpty()
              ? Optional.empty()
              : Aligned.of(y, x)
                  .flatMap(a -> Granger.test(a.trigger(), a.candidate(), windows.grangerLags()))
                  .filter(g -> g.p() < windows.alpha());
      if (moved.isEmpty() && granger.isEmpty()) {
        continue;
      }
      double score =
          moved.map(m -> 0.4).orElse(0.0)
              + granger.map(g -> 0.5 * (1 - g.p() / windows.alpha())).orElse(0.0);
      List<String> said = new ArrayList<>();
      moved.ifPresent(
          m ->
              said.add(
                  name
                      + (m.rose() ? " rose " : " fell ")
                      + Spoken.duration(Duration.between(m.at(), triggerChange))
                      + triggerSeries.map(s -> " earlier than " + s).orElse(" before the onset")));
      granger.ifPresent(
          g ->
              said.add(
                  (moved.isPresent() ? "" : name + "'s past predicts " + triggerSeries.get() + ": ")
                      + "Granger "
                      + Spoken.f(g.f())
                      + " "
                      + Spoken.p(g.p())
                      + " (lag "
                      + g.lag()
                      + ")"));
      out.add(new Candidate(CauseKind.SERIES, name, score, String.join("; ", said)));
    }
  }

  private void checks(RuntimeSignal trigger, Instant onset, List<Candidate> out) {
    Optional<String> self =
        trigger instanceof RuntimeSignal.Health h ? Optional.of(h.check()) : Optional.empty();
    for (HealthNow.Failing f : health.failing(trigger.project())) {
      if (self.filter(f.check()::equals).isPresent()) {
        continue;
      }
      boolean before = !f.since().isAfter(onset);
      out.add(
          new Candidate(
              CauseKind.HEALTH,
              f.check(),
              before ? 0.65 : 0.5,
              "health check "
                  + f.check()
                  + " failing since "
                  + relative(f.since(), onset)
                  + (f.detail().isBlank() ? "" : ": " + AuditStore.cut(f.detail(), 200))));
    }
  }

  /** How far {@code from}..{@code to} reaches across {@code window}, in [0, 1]. */
  private static double fraction(Instant from, Instant to, Duration window) {
    double f = (double) Duration.between(from, to).toMillis() / window.toMillis();
    return Math.max(0, Math.min(1, f));
  }

  /** "3 min before the onset", "40 s after the onset", "at the onset". */
  private static String relative(Instant at, Instant onset) {
    Duration d = Duration.between(at, onset);
    if (d.abs().toSeconds() < 1) {
      return "at the onset";
    }
    return Spoken.duration(d) + (d.isNegative() ? " after the onset" : " before the onset");
  }
}
