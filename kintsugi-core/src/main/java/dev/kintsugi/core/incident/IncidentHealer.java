package dev.kintsugi.core.incident;

import dev.kintsugi.core.audit.AuditLog;
import java.util.List;
import java.util.Optional;

/**
 * Heals one production incident: reproduce, repair, validate, deliver. Implemented by {@code
 * kintsugi-heal}; called by the server's heal scheduler, which knows nothing about how.
 */
@FunctionalInterface
public interface IncidentHealer {

  /** Runs one heal to its end; never throws for bad input, the outcome says what happened. */
  IncidentHealOutcome heal(IncidentHealRequest request);

  /**
   * Like {@link #heal(IncidentHealRequest)}, telling {@code steps} each stage as it begins. A
   * healer that cannot report stages ignores them.
   */
  default IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps) {
    return heal(request);
  }

  /**
   * Like {@link #heal(IncidentHealRequest, HealSteps)}, recording every action the heal takes
   * (candidates refused and accepted with their gate, the policy's decision, branch pushed, pull
   * request opened or merged) in {@code audit}. A healer that takes no such action ignores it.
   */
  default IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps, AuditLog audit) {
    return heal(request, steps);
  }

  /**
   * Starts preparing the commit a release names (or, without one, the default branch's head) of a
   * project's repository, so that the first incident of that release heals from it; returns at
   * once. A healer that does not prepare ignores it.
   *
   * @param release the release seen in events (untrusted: used only as {@link #heal} would), or
   *     null
   */
  default void prepare(String repository, String release, List<String> trustedRefs) {}

  /**
   * Whether this healer can deliver fixes as pull requests (it holds a forge token). The server
   * refuses to set a project to pull requests when it cannot.
   */
  default boolean opensPullRequests() {
    return false;
  }

  /**
   * Whether {@code release} (as an event names it: untrusted) contains any of {@code commits}: the
   * release is a commit (or a trusted tag) reachable from one of {@code trustedRefs} (as for {@link
   * #heal}), and one of the commits is that commit or an ancestor of it. False when it does not,
   * and when it cannot tell (an unknown or untrusted release, a repository that cannot be read): a
   * regression is declared only on evidence. Never fetches what a release names.
   */
  default boolean contains(
      String repository, String release, List<String> commits, List<String> trustedRefs) {
    return false;
  }

  /**
   * A merged fix came back in a release that contains it: records it as failed in the fix ledger
   * and reverts it, on top of the base branch's head, as a pull request when the project delivers
   * pull requests, else as a branch. Each action is recorded in {@code audit}. Never throws for bad
   * input; the outcome says what happened. A healer that cannot revert says so.
   */
  default RevertOutcome revert(RevertRequest request, AuditLog audit) {
    return RevertOutcome.notReverted(
        "this healer does not revert fixes", "the fix ledger was not told");
  }

  /**
   * A person approved a fix that is not merged: merges it, through the forge when it has a pull
   * request (at the fix commit the person saw), else into the base branch of the project's
   * repository, never touching a branch that is checked out in a working tree (the outcome then
   * says which branch to merge by hand). Each action is recorded in {@code audit} with the person
   * as its actor. Never throws for bad input; the outcome says what happened. A healer that cannot
   * merge leaves the approved fix for a person to merge, and says so.
   */
  default ApprovalOutcome approve(FixApproval approval, AuditLog audit) {
    return ApprovalOutcome.notMerged(
        "this healer does not merge fixes: merge branch " + approval.branch() + " yourself");
  }

  /**
   * A person rejected a fix that is not merged: records it as rejected in the fix ledger (so its
   * repairer's track record and what the memory recalls learn from it) and closes its pull request,
   * if any; the fix branch is kept. Each action is recorded in {@code audit} with the person as its
   * actor. Never throws for bad input; the outcome says what happened. A healer that cannot says
   * so.
   */
  default RejectionOutcome reject(FixRejection rejection, AuditLog audit) {
    return new RejectionOutcome(
        "this healer does not act on rejected fixes: nothing was closed; branch "
            + rejection.branch()
            + " is kept",
        false,
        Optional.of(rejection.branch()),
        "the fix ledger was not told");
  }
}
