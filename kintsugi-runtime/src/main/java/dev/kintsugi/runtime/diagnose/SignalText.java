package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.runtime.signal.RuntimeSignal;

/**
 * How a runtime incident names its signal: its subject (what repeats group by) and its title (the
 * signal in a line is {@link RuntimeSignal#describe()}). For anomalies, failing health checks and
 * firing alerts.
 */
final class SignalText {
  private SignalText() {}

  static String subject(RuntimeSignal signal) {
    if (signal instanceof RuntimeSignal.Anomaly a) {
      return a.series();
    }
    if (signal instanceof RuntimeSignal.Health h) {
      return h.check();
    }
    if (signal instanceof RuntimeSignal.Alert a) {
      return a.alertName();
    }
    return ((RuntimeSignal.NewIncident) signal).fingerprint();
  }

  static String title(RuntimeSignal signal) {
    if (signal instanceof RuntimeSignal.Anomaly a) {
      return "Anomaly on " + a.series();
    }
    if (signal instanceof RuntimeSignal.Health h) {
      return "Health check " + h.check() + " failing";
    }
    if (signal instanceof RuntimeSignal.Alert a) {
      return "Alert " + a.alertName() + " firing";
    }
    return ((RuntimeSignal.NewIncident) signal).exceptionType();
  }
}
