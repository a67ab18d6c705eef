package dev.kintsugi.runtime.diagnose;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The health checks failing now, as the signals' health checker sees them. */
public interface HealthNow {

  /**
   * A check failing by its failure threshold.
   *
   * @param since when it started failing
   * @param detail why (status, latency, connection refused), never a secret
   */
  record Failing(String check, Instant since, String detail) {
    public Failing {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The project's checks failing now. */
  List<Failing> failing(String project);

  /** No health checks. */
  HealthNow NONE = project -> List.of();
}
