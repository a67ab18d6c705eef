package dev.kintsugi.core.incident;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person approved a fix the policy held back (or any fix not merged yet): what an {@link
 * IncidentHealer} needs to merge it.
 *
 * @param incidentId the incident the fix is for
 * @param title the incident's title (untrusted, scrubbed): names the error in what is written
 * @param repository the project's repository: a local path or a git URL
 * @param trustedRefs the project's trusted branches and tags, as for a heal
 * @param branch the fix branch ({@code kintsugi/fix-...})
 * @param fixCommit the fix commit the person saw: what is merged, never what the branch holds now
 * @param baseCommit the commit the fix was made on (the healed commit), when known
 * @param pullRequest the fix's pull request, when one was opened: it is merged through the forge
 * @param delivery where fixes go: the branch merged into is {@link DeliveryRequest#base}, else the
 *     repository's default branch; the forge as for the heal
 * @param by who approved it (checked by the caller: one line, no control characters)
 */
public record FixApproval(
    long incidentId,
    String title,
    String repository,
    List<String> trustedRefs,
    String branch,
    String fixCommit,
    Optional<String> baseCommit,
    Optional<PullRequestRef> pullRequest,
    DeliveryRequest delivery,
    String by) {

  public FixApproval {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(repository, "repository");
    trustedRefs = List.copyOf(trustedRefs);
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(fixCommit, "fixCommit");
    Objects.requireNonNull(baseCommit, "baseCommit");
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(by, "by");
  }
}
