package dev.kintsugi.runtime.runbook;

import dev.kintsugi.runtime.signal.RuntimeSignal;
import java.util.Locale;
import java.util.Optional;

/** One-line descriptions of signals, for runs and the audit trail. */
final class Signals {
  private Signals() {}

  static String describe(RuntimeSignal signal) {
    if (signal instanceof RuntimeSignal.Anomaly a) {
      return String.format(
          Locale.ROOT, "anomaly on %s: value %s scored %.2f", a.series(), a.value(), a.score());
    }
    if (signal instanceof RuntimeSignal.Health h) {
      return "health check "
          + h.check()
          + (h.healthy() ? " passing" : " failing")
          + " "
          + h.consecutive()
          + " time(s): "
          + h.detail();
    }
    if (signal instanceof RuntimeSignal.Alert a) {
      return "alert " + a.alertName() + (a.firing() ? " firing" : " resolved");
    }
    RuntimeSignal.NewIncident i = (RuntimeSignal.NewIncident) signal;
    return "incident " + i.incidentId() + ": " + i.exceptionType() + " (" + i.fingerprint() + ")";
  }

  static Optional<Long> incident(RuntimeSignal signal) {
    return signal instanceof RuntimeSignal.NewIncident i
        ? Optional.of(i.incidentId())
        : Optional.empty();
  }
}
