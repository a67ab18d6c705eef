package dev.kintsugi.heal.deliver;

import dev.kintsugi.core.audit.AuditException;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.ApprovalOutcome;
import dev.kintsugi.forge.Checks;
import dev.kintsugi.forge.Forge;
import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.forge.Forges;
import dev.kintsugi.forge.PullRequest;
import dev.kintsugi.forge.PullRequestState;
import java.util.function.Consumer;

/**
 * A person's verdict on a fix's pull request, carried out on the forge: an approval merges it (at
 * the head the person saw: the forge refuses if it moved) once its checks are green or when it has
 * none, a rejection closes it; each with a comment saying who decided. Each step is recorded in the
 * audit trail with the person as its actor. Checks that failed or still run leave the request open
 * for a person, and the outcome says so.
 */
public final class PullRequestReview {

  private final Forge forge;
  private final String by;
  private final AuditLog audit;
  private final Consumer<String> progress;

  PullRequestReview(Forge forge, String by, AuditLog audit, Consumer<String> progress) {
    this.forge = forge;
    this.by = by;
    this.audit = audit;
    this.progress = progress;
  }

  /**
   * Connects to the route's forge for {@code by}'s verdict.
   *
   * @param by who decided (one clean line: the actor of what is recorded)
   * @throws ForgeException when the route has no token
   */
  public static PullRequestReview connect(
      PullRequestDelivery.Route route, String by, AuditLog audit, Consumer<String> progress)
      throws ForgeException {
    String token =
        route
            .token()
            .value()
            .orElseThrow(
                () ->
                    new ForgeException("no forge token: set " + ForgeToken.ENV + " on the server"));
    return new PullRequestReview(Forges.connect(route.target(), token), by, audit, progress);
  }

  /** Merges the approved request, when it is open and its checks allow; never throws. */
  public ApprovalOutcome merge(PullRequest pr) {
    String what = forge.target().kind().describe(pr.number());
    try {
      PullRequestState state = forge.state(pr);
      if (state == PullRequestState.MERGED) {
        return ApprovalOutcome.notMerged(
            what + " was merged on the forge already: report its merge commit to Kintsugi");
      }
      if (state == PullRequestState.CLOSED) {
        return ApprovalOutcome.failed(what + " is closed on the forge: reopen it to merge the fix");
      }
      Checks checks = forge.checks(pr);
      switch (checks.verdict()) {
        case FAILURE -> {
          String failures = String.join("; ", checks.failures());
          comment(
              pr,
              "Approved by "
                  + by
                  + " in Kintsugi, but not merged: its checks failed ("
                  + checks.failures().size()
                  + "). Merge it once they pass, or approve it again in Kintsugi.");
          return ApprovalOutcome.notMerged(
              what + " not merged: its checks failed (" + failures + "); merge it once they pass");
        }
        case PENDING -> {
          comment(
              pr,
              "Approved by "
                  + by
                  + " in Kintsugi, but not merged yet: its checks are still running. Approve it"
                  + " again in Kintsugi, or merge it, once they pass.");
          return ApprovalOutcome.notMerged(
              what + " not merged: its checks are still running; approve again once they pass");
        }
        case SUCCESS, NONE -> {
          // A person's approval needs no CI to wait for when the project has none.
        }
      }
      String mergeCommit =
          forge.merge(pr, "Merge Kintsugi fix " + pr.head() + ", approved by " + by);
      comment(pr, "Approved by " + by + " in Kintsugi, and merged (commit " + pr.headSha() + ").");
      record(
          "pull_request.merged",
          "url",
          pr.url(),
          "number",
          String.valueOf(pr.number()),
          "head",
          pr.headSha(),
          "mergeCommit",
          mergeCommit,
          "why",
          "approved by " + by);
      progress.accept(what + " merged (" + mergeCommit + "), approved by " + by);
      return ApprovalOutcome.merged(
          what + " merged (merge commit " + mergeCommit + ")", mergeCommit);
    } catch (ForgeException e) {
      return ApprovalOutcome.failed(what + " not merged: " + e.getMessage());
    }
  }

  /**
   * Closes the rejected request with a comment saying who rejected it and why.
   *
   * @return whether it was closed now (false: it was merged or closed already)
   * @throws ForgeException when the forge refuses or cannot be reached
   */
  public boolean close(PullRequest pr, String comment) throws ForgeException {
    PullRequestState state = forge.state(pr);
    if (state != PullRequestState.OPEN) {
      return false;
    }
    comment(pr, comment);
    forge.close(pr);
    record("pull_request.closed", "url", pr.url(), "number", String.valueOf(pr.number()));
    progress.accept(forge.target().kind().describe(pr.number()) + " closed, rejected by " + by);
    return true;
  }

  /** A comment is news for the people on the request: one the forge refuses costs nothing. */
  private void comment(PullRequest pr, String body) {
    try {
      forge.comment(pr, body);
    } catch (ForgeException e) {
      progress.accept("could not comment on " + pr.url() + ": " + e.getMessage());
    }
  }

  /** Recorded once done (what the forge did cannot wait for the trail): a failure is told. */
  private void record(String action, String... keyValues) {
    try {
      audit.append(AuditRecord.by(by, action, keyValues));
    } catch (AuditException e) {
      progress.accept("the audit trail cannot record " + action + ": " + e.getMessage());
    }
  }
}
