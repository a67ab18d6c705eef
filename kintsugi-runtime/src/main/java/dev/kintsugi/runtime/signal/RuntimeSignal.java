package dev.kintsugi.runtime.signal;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Something that happened to a running service and that a runbook may react to. Signals name their
 * project by its name (as in the runtime configuration) and carry when they were observed.
 */
public sealed interface RuntimeSignal {

  /** The project's name. */
  String project();

  /** When the signal was observed. */
  Instant at();

  /** What kind of signal this is, for learning and reports: anomaly, health, alert, incident. */
  String kind();

  /** The signal in one line, for incidents, runbook runs and the audit trail. */
  String describe();

  /**
   * A series' point scored as anomalous.
   *
   * @param series the series' name ({@code shop/http_requests_errors_total})
   * @param score the ensemble's anomaly score in [0, 1]
   */
  record Anomaly(String project, String series, Instant at, double value, double score)
      implements RuntimeSignal {
    public Anomaly {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(series, "series");
      Objects.requireNonNull(at, "at");
    }

    @Override
    public String kind() {
      return "anomaly";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT, "anomaly on %s: value %s, anomaly score %.2f", series, number(value), score);
    }

    private static String number(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15
          ? Long.toString((long) v)
          : String.format(Locale.ROOT, "%.4g", v);
    }
  }

  /**
   * A health check crossed a threshold: failing after {@code consecutive} failures, or passing
   * again after {@code consecutive} successes.
   *
   * @param detail why it failed (status, latency, connection refused), never a secret
   */
  record Health(
      String project, String check, Instant at, boolean healthy, int consecutive, String detail)
      implements RuntimeSignal {
    public Health {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String kind() {
      return "health";
    }

    @Override
    public String describe() {
      return "health check "
          + check
          + (healthy ? " passed " : " failed ")
          + consecutive
          + " time(s) in a row"
          + (detail.isBlank() ? "" : ": " + detail);
    }
  }

  /**
   * An Alertmanager alert, firing or resolved.
   *
   * @param labels the alert's labels (untrusted text: matched, never executed)
   */
  record Alert(
      String project, String alertName, Instant at, boolean firing, Map<String, String> labels)
      implements RuntimeSignal {
    public Alert {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(alertName, "alertName");
      Objects.requireNonNull(at, "at");
      labels = Map.copyOf(labels);
    }

    @Override
    public String kind() {
      return "alert";
    }

    @Override
    public String describe() {
      String shown =
          new TreeMap<>(labels)
              .entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(", "));
      return "alert "
          + alertName
          + (firing ? " firing" : " resolved")
          + (shown.isEmpty() ? "" : " (" + shown + ")");
    }
  }

  /**
   * A new incident from ingest (an error group seen for the first time, or regressed).
   *
   * @param exceptionType the top exception's type ({@code java.lang.IllegalStateException})
   */
  record NewIncident(
      String project, long incidentId, String fingerprint, String exceptionType, Instant at)
      implements RuntimeSignal {
    public NewIncident {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(exceptionType, "exceptionType");
      Objects.requireNonNull(at, "at");
    }

    @Override
    public String kind() {
      return "incident";
    }

    @Override
    public String describe() {
      return "new incident #" + incidentId + ": " + exceptionType + " (" + fingerprint + ")";
    }
  }
}
