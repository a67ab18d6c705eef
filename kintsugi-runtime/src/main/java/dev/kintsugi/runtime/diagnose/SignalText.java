package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.runtime.signal.RuntimeSignal;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How a runtime incident names its signal: its subject (what repeats group by), its title, and the
 * signal in a line. For anomalies, failing health checks and firing alerts.
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

  static String description(RuntimeSignal signal) {
    if (signal instanceof RuntimeSignal.Anomaly a) {
      return String.format(
          Locale.ROOT,
          "anomaly on %s: value %s, anomaly score %.2f",
          a.series(),
          number(a.value()),
          a.score());
    }
    if (signal instanceof RuntimeSignal.Health h) {
      return "health check "
          + h.check()
          + " failed "
          + h.consecutive()
          + " time(s) in a row"
          + (h.detail().isBlank() ? "" : ": " + h.detail());
    }
    if (signal instanceof RuntimeSignal.Alert a) {
      String labels =
          new TreeMap<>(a.labels())
              .entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(", "));
      return "alert " + a.alertName() + " firing" + (labels.isEmpty() ? "" : " (" + labels + ")");
    }
    return "new incident #" + ((RuntimeSignal.NewIncident) signal).incidentId();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
