package dev.kintsugi.core.incident;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person rejected a fix that was not merged: what an {@link IncidentHealer} needs to record it as
 * rejected in the fix ledger and to close its pull request.
 *
 * @param incidentId the incident the fix is for
 * @param title the incident's title (untrusted, scrubbed)
 * @param repository the project's repository: a local path or a git URL
 * @param trustedRefs the project's trusted branches and tags, as for a heal
 * @param branch the fix branch (kept)
 * @param fixCommit the fix commit
 * @param pullRequest the fix's pull request, when one was opened: it is closed
 * @param delivery the forge as for the heal
 * @param healReport the fix's heal report (JSON): which files were the fix, which repairer made it
 * @param by who rejected it (checked by the caller)
 * @param reason why, when they said (one line or a few; untrusted text)
 */
public record FixRejection(
    long incidentId,
    String title,
    String repository,
    List<String> trustedRefs,
    String branch,
    String fixCommit,
    Optional<PullRequestRef> pullRequest,
    DeliveryRequest delivery,
    String healReport,
    String by,
    Optional<String> reason) {

  public FixRejection {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(repository, "repository");
    trustedRefs = List.copyOf(trustedRefs);
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(fixCommit, "fixCommit");
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(healReport, "healReport");
    Objects.requireNonNull(by, "by");
    reason = Objects.requireNonNull(reason, "reason").map(String::strip).filter(r -> !r.isEmpty());
  }
}
