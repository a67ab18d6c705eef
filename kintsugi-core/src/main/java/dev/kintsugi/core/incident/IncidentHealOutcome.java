package dev.kintsugi.core.incident;

import java.util.Objects;
import java.util.Optional;

/**
 * How a production heal ended.
 *
 * @param status {@code fixed}, {@code not_fixed} or {@code error} (the heal report's status)
 * @param summary one human-readable line: what was done or why not
 * @param branch the fix branch, when fixed
 * @param commit the fix commit, when fixed
 * @param confidence the fix's confidence, when fixed
 * @param reproduced whether a reproduction test was generated and confirmed to fail
 * @param reportJson the full heal report (JSON), stored with the run
 */
public record IncidentHealOutcome(
    String status,
    String summary,
    Optional<String> branch,
    Optional<String> commit,
    Optional<Double> confidence,
    boolean reproduced,
    String reportJson) {

  public IncidentHealOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(reportJson, "reportJson");
  }

  /** A heal that ended in an error before producing a fix. */
  public static IncidentHealOutcome error(String why, String reportJson) {
    return new IncidentHealOutcome(
        "error", why, Optional.empty(), Optional.empty(), Optional.empty(), false, reportJson);
  }

  /** The same outcome with another status (e.g. one a store understands). */
  public IncidentHealOutcome withStatus(String newStatus) {
    return new IncidentHealOutcome(
        newStatus, summary, branch, commit, confidence, reproduced, reportJson);
  }

  public boolean fixed() {
    return "fixed".equals(status);
  }
}
