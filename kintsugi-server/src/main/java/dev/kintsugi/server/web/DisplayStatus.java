package dev.kintsugi.server.web;

import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.IncidentStatus;
import java.util.Optional;

/**
 * An incident's status as people see it: the stored lifecycle, with a proposed fix that the policy
 * holds for a person shown as "awaiting approval", and one a person approved that is not merged yet
 * as "approved, to merge".
 *
 * @param key a stable name, also the badge's CSS class ({@code status-awaiting_approval})
 */
record DisplayStatus(String key, String label) {
  static final String AWAITING = "awaiting_approval";
  static final String APPROVED = "approved";

  static DisplayStatus of(IncidentStatus status, Optional<String> lastDecision) {
    if (status == IncidentStatus.FIX_PROPOSED
        && lastDecision.filter("require_approval"::equals).isPresent()) {
      return new DisplayStatus(AWAITING, "awaiting approval");
    }
    if (status == IncidentStatus.FIX_PROPOSED
        && lastDecision.filter(HealRun.Review.APPROVED::equals).isPresent()) {
      // Approved, but the merge is left to a person (the base branch is checked out, or checks
      // have not passed yet).
      return new DisplayStatus(APPROVED, "approved, to merge");
    }
    return new DisplayStatus(status.wireName(), status.wireName().replace('_', ' '));
  }

  /**
   * What the status reads from an incident's latest heal run: {@code approved} once a person
   * approved its fix, else the policy's decision (as {@link
   * dev.kintsugi.server.store.IncidentSearch}'s lists compute it in SQL).
   */
  static Optional<String> latestDecision(HealRun latest) {
    return latest
        .review()
        .map(HealRun.Review::verdict)
        .filter(HealRun.Review.APPROVED::equals)
        .or(latest::decision);
  }

  /** The statuses a list can be filtered by, in lifecycle order. */
  static java.util.List<DisplayStatus> filters() {
    return java.util.List.of(
        new DisplayStatus("open", "open"),
        new DisplayStatus("healing", "healing"),
        new DisplayStatus("fix_proposed", "fix proposed"),
        new DisplayStatus(AWAITING, "awaiting approval"),
        new DisplayStatus(APPROVED, "approved, to merge"),
        new DisplayStatus("resolved", "resolved"),
        new DisplayStatus("regressed", "regressed"),
        new DisplayStatus("ignored", "ignored"));
  }
}
