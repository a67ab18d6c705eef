package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.RuntimeIncidentStore;
import dev.kintsugi.server.store.RuntimeIncidentStore.Cause;
import dev.kintsugi.server.store.RuntimeIncidentStore.Opening;
import dev.kintsugi.server.store.RuntimeIncidentStore.Trigger;
import dev.kintsugi.server.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns runtime signals into runtime incidents: an anomaly, a failing health check or a firing
 * alert opens its project's incident for that signal (repeats of the same series, check or alert
 * count into one; a resolved one reopens), and a new episode is diagnosed ({@link
 * RuntimeDiagnosis}) and its ranked causes stored for the incident page. A recovery resolves it.
 * The returned incident id is what a runbook run records.
 *
 * <p>Diagnosis is a suspicion shown to people: a failure to diagnose is logged and leaves the
 * incident open without causes, never blocks it.
 */
public final class RuntimeIncidents {
  private final Store store;
  private final RuntimeIncidentStore incidents;
  private final RuntimeDiagnosis diagnosis;
  private final Consumer<String> log;

  public RuntimeIncidents(
      Store store,
      RuntimeIncidentStore incidents,
      RuntimeDiagnosis diagnosis,
      Consumer<String> log) {
    this.store = store;
    this.incidents = incidents;
    this.diagnosis = diagnosis;
    this.log = log;
  }

  /** {@link #open(RuntimeSignal, Instant)} with the signal's own time as the onset. */
  public long open(RuntimeSignal signal) {
    return open(signal, signal.at());
  }

  /**
   * Opens (or counts a repeat of, or reopens) the runtime incident of {@code signal}, which started
   * at {@code onset}, and diagnoses a new episode. A {@link RuntimeSignal.NewIncident} already is
   * an incident: its id is returned and nothing is stored.
   *
   * @return the incident's id
   * @throws IllegalArgumentException when the signal is a recovery (a passing health check, a
   *     resolved alert: see {@link #recovered}) or names no registered project
   */
  public long open(RuntimeSignal signal, Instant onset) {
    if (signal instanceof RuntimeSignal.NewIncident n) {
      return n.incidentId();
    }
    if (isRecovery(signal)) {
      throw new IllegalArgumentException(
          "a recovery opens no incident (" + signal.describe() + ")");
    }
    long project = projectId(signal);
    Opening opening =
        incidents.open(
            project,
            SignalText.title(signal),
            new Trigger(signal.kind(), SignalText.subject(signal), signal.describe(), signal.at()));
    if (opening.needsDiagnosis()) {
      diagnose(opening.incidentId(), signal, onset);
    }
    return opening.incidentId();
  }

  /**
   * Resolves the open runtime incident a recovery signal (a passing health check, a resolved alert)
   * ends; its id, or empty when none was open.
   */
  public Optional<Long> recovered(RuntimeSignal signal) {
    if (!isRecovery(signal)) {
      return Optional.empty();
    }
    return store
        .projectNamed(signal.project())
        .map(Project::id)
        .flatMap(p -> incidents.find(p, signal.kind(), SignalText.subject(signal)))
        .filter(id -> incidents.resolve(id, signal.at(), signal.describe()));
  }

  /**
   * Resolves a runtime incident whose recovery a runbook verified ({@code how}: what held, for the
   * audit trail); false when it is no runtime incident or was resolved or ignored already.
   */
  public boolean resolve(long incidentId, Instant at, String how) {
    return incidents.resolve(incidentId, at, how);
  }

  private void diagnose(long incidentId, RuntimeSignal signal, Instant onset) {
    List<SuspectedCause> causes;
    try {
      causes = diagnosis.diagnose(signal, onset);
    } catch (RuntimeException e) {
      log.accept("runtime incident " + incidentId + ": cannot diagnose: " + e);
      return;
    }
    incidents.diagnosed(
        incidentId,
        causes.stream()
            .map(
                c -> new Cause(c.rank(), c.kind().wireName(), c.subject(), c.score(), c.evidence()))
            .toList());
  }

  private long projectId(RuntimeSignal signal) {
    return store
        .projectNamed(signal.project())
        .map(Project::id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no project named '" + signal.project() + "' is registered"));
  }

  private static boolean isRecovery(RuntimeSignal signal) {
    return (signal instanceof RuntimeSignal.Health h && h.healthy())
        || (signal instanceof RuntimeSignal.Alert a && !a.firing());
  }
}
