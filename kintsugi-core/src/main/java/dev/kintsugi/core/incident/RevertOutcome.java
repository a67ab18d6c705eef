package dev.kintsugi.core.incident;

import java.util.Objects;
import java.util.Optional;

/**
 * How reverting a regressed fix ended.
 *
 * @param reverted whether a revert commit exists (on {@code branch})
 * @param summary one line: what was done and where, or why not
 * @param branch the revert branch, when made
 * @param commit the revert commit, when made
 * @param pullRequest the revert's pull request, when one was opened
 * @param ledger what the fix ledger now says of the fix (recorded as regressed, or why not)
 */
public record RevertOutcome(
    boolean reverted,
    String summary,
    Optional<String> branch,
    Optional<String> commit,
    Optional<PullRequestRef> pullRequest,
    String ledger) {

  public RevertOutcome {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(ledger, "ledger");
  }

  /** Nothing was reverted, for this reason. */
  public static RevertOutcome notReverted(String why, String ledger) {
    return new RevertOutcome(
        false, why, Optional.empty(), Optional.empty(), Optional.empty(), ledger);
  }
}
