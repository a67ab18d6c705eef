package dev.kintsugi.runtime.runbook;

import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.runtime.signal.SignalState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A runbook's {@code when}: which signals start it, and what "recovered" means for them.
 *
 * <p>Stable API.
 */
public sealed interface Trigger {

  /** The signal kind it reacts to ({@link RuntimeSignal#kind()}). */
  String kind();

  /** Whether {@code signal} (already known to be of the runbook's project) starts the runbook. */
  boolean matches(RuntimeSignal signal);

  /**
   * Whether the signal recovered after the runbook acted.
   *
   * @param incident the incident of the run's signal, when it had one
   * @param since when the runbook acted
   */
  boolean recovered(SignalState state, String project, Optional<Long> incident, Instant since);

  /**
   * Whether recovery is only known at the verify deadline (no new events of an incident during the
   * whole window), rather than as soon as the state says so.
   */
  default boolean judgedAtDeadline() {
    return false;
  }

  /** {@code health: CHECK, failing: N}: the check failed N times in a row; recovered: it passes. */
  record HealthFailing(String check, int failing) implements Trigger {
    public HealthFailing {
      Objects.requireNonNull(check, "check");
    }

    @Override
    public String kind() {
      return "health";
    }

    @Override
    public boolean matches(RuntimeSignal signal) {
      return signal instanceof RuntimeSignal.Health h
          && h.check().equals(check)
          && !h.healthy()
          && h.consecutive() >= failing;
    }

    @Override
    public boolean recovered(
        SignalState state, String project, Optional<Long> incident, Instant since) {
      return state.healthy(project, check).orElse(false);
    }
  }

  /**
   * {@code anomaly: SERIES, score: S}: a point scored at least S; recovered: a point scored after
   * the action is below S.
   */
  record AnomalyAbove(String series, double score) implements Trigger {
    public AnomalyAbove {
      Objects.requireNonNull(series, "series");
    }

    @Override
    public String kind() {
      return "anomaly";
    }

    @Override
    public boolean matches(RuntimeSignal signal) {
      return signal instanceof RuntimeSignal.Anomaly a
          && a.series().equals(series)
          && a.score() >= score;
    }

    @Override
    public boolean recovered(
        SignalState state, String project, Optional<Long> incident, Instant since) {
      OptionalDouble latest = state.latestScore(project, series, since);
      return latest.isPresent() && latest.getAsDouble() < score;
    }
  }

  /** {@code alert: NAME}: the alert fires; recovered: it no longer fires. */
  record AlertFiring(String alertName) implements Trigger {
    public AlertFiring {
      Objects.requireNonNull(alertName, "alertName");
    }

    @Override
    public String kind() {
      return "alert";
    }

    @Override
    public boolean matches(RuntimeSignal signal) {
      return signal instanceof RuntimeSignal.Alert a
          && a.alertName().equals(alertName)
          && a.firing();
    }

    @Override
    public boolean recovered(
        SignalState state, String project, Optional<Long> incident, Instant since) {
      return !state.firing(project, alertName);
    }
  }

  /**
   * {@code incident: {exception: TYPE}} or {@code incident: {fingerprint: FP}}: a new incident of
   * that top exception type or fingerprint (both given: both must match); recovered: no new event
   * of the incident during the verify window, after its first {@link #SETTLE}.
   */
  record IncidentMatching(Optional<String> exception, Optional<String> fingerprint)
      implements Trigger {

    /**
     * Events already on their way when the action ran (an agent's queue, a retry) arrive just after
     * it; they are not held against it.
     */
    static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(2);

    public IncidentMatching {
      Objects.requireNonNull(exception, "exception");
      Objects.requireNonNull(fingerprint, "fingerprint");
      if (exception.isEmpty() && fingerprint.isEmpty()) {
        throw new IllegalArgumentException("an incident trigger needs an exception or fingerprint");
      }
    }

    @Override
    public String kind() {
      return "incident";
    }

    @Override
    public boolean matches(RuntimeSignal signal) {
      return signal instanceof RuntimeSignal.NewIncident i
          && exception.map(i.exceptionType()::equals).orElse(true)
          && fingerprint.map(i.fingerprint()::equals).orElse(true);
    }

    @Override
    public boolean recovered(
        SignalState state, String project, Optional<Long> incident, Instant since) {
      return incident.isPresent()
          && state.incidentEventsSince(incident.get(), since.plus(SETTLE)) == 0;
    }

    @Override
    public boolean judgedAtDeadline() {
      return true;
    }
  }
}
