package dev.kintsugi.core.incident;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A merged fix came back: what an {@link IncidentHealer} needs to revert it and to record it as
 * failed in the fix ledger.
 *
 * @param incidentId the incident the fix was for
 * @param title the incident's title (untrusted, scrubbed): names the error in the revert's title
 * @param repository the project's repository: a local path or a git URL
 * @param fixCommit the fix branch's commit (one parent: the healed commit)
 * @param mergeCommit the commit that brought the fix into the base branch, when known
 * @param release the release whose event showed the error again (checked to contain the fix)
 * @param trustedRefs the project's trusted branches and tags, as for a heal
 * @param delivery how the revert is delivered: a pull request against {@link DeliveryRequest#base}
 *     (else the default branch) when the project delivers pull requests, else a branch
 * @param healReport the fix's heal report (JSON): which files were the fix, which repairer made it
 */
public record RevertRequest(
    long incidentId,
    String title,
    String repository,
    String fixCommit,
    Optional<String> mergeCommit,
    String release,
    List<String> trustedRefs,
    DeliveryRequest delivery,
    String healReport) {

  public RevertRequest {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(fixCommit, "fixCommit");
    Objects.requireNonNull(mergeCommit, "mergeCommit");
    Objects.requireNonNull(release, "release");
    trustedRefs = List.copyOf(trustedRefs);
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(healReport, "healReport");
  }
}
