package dev.kintsugi.core.incident;

import java.util.Objects;
import java.util.Optional;

/**
 * How rejecting a fix ended.
 *
 * @param summary one line: what was done (pull request closed, branch kept, ledger told)
 * @param pullRequestClosed whether the fix's pull request was closed
 * @param keptBranch the fix branch, when it was kept (a person may still look at it)
 * @param ledger what the fix ledger now says of the fix (recorded as rejected, or why not)
 */
public record RejectionOutcome(
    String summary, boolean pullRequestClosed, Optional<String> keptBranch, String ledger) {

  public RejectionOutcome {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(keptBranch, "keptBranch");
    Objects.requireNonNull(ledger, "ledger");
  }
}
