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
 * @param pullRequest the pull request that carries the fix, when one was opened
 * @param decision the policy's decision on the fix ({@code auto_merge}, {@code require_approval},
 *     {@code notify_only}, {@code withheld}), when it was decided
 * @param mergeCommit the commit that merged the pull request, when the heal merged it (the policy
 *     allowed it and the checks passed)
 */
public record IncidentHealOutcome(
    String status,
    String summary,
    Optional<String> branch,
    Optional<String> commit,
    Optional<Double> confidence,
    boolean reproduced,
    String reportJson,
    Optional<PullRequestRef> pullRequest,
    Optional<String> decision,
    Optional<String> mergeCommit) {

  public IncidentHealOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(reportJson, "reportJson");
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(mergeCommit, "mergeCommit");
  }

  /** An outcome delivered as a branch: no pull request, no decision recorded, nothing merged. */
  public IncidentHealOutcome(
      String status,
      String summary,
      Optional<String> branch,
      Optional<String> commit,
      Optional<Double> confidence,
      boolean reproduced,
      String reportJson) {
    this(
        status,
        summary,
        branch,
        commit,
        confidence,
        reproduced,
        reportJson,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A heal that ended in an error before producing a fix. */
  public static IncidentHealOutcome error(String why, String reportJson) {
    return new IncidentHealOutcome(
        "error", why, Optional.empty(), Optional.empty(), Optional.empty(), false, reportJson);
  }

  /** The same outcome with another status (e.g. one a store understands). */
  public IncidentHealOutcome withStatus(String newStatus) {
    return new IncidentHealOutcome(
        newStatus,
        summary,
        branch,
        commit,
        confidence,
        reproduced,
        reportJson,
        pullRequest,
        decision,
        mergeCommit);
  }

  /** The same outcome, delivered so: a pull request, the policy's decision, a merge. */
  public IncidentHealOutcome withDelivery(
      Optional<PullRequestRef> request, Optional<String> decided, Optional<String> merged) {
    return new IncidentHealOutcome(
        status,
        summary,
        branch,
        commit,
        confidence,
        reproduced,
        reportJson,
        request,
        decided,
        merged);
  }

  /** Whether the heal merged its fix. */
  public boolean merged() {
    return mergeCommit.isPresent();
  }

  public boolean fixed() {
    return "fixed".equals(status);
  }
}
