package dev.kintsugi.heal.production;

import dev.kintsugi.core.audit.AuditException;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.FixRejection;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.core.incident.RejectionOutcome;
import dev.kintsugi.forge.PullRequest;
import dev.kintsugi.forge.Untrusted;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.deliver.PullRequestReview;
import dev.kintsugi.heal.loop.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Carries out a person's rejection of a fix: records it as {@code rejected} in the fix ledger
 * ({@link FixLedger}: its repairer's track record drops, the memory no longer recalls it) and
 * closes its pull request, if any, with a comment saying who rejected it and why. The fix branch is
 * kept: a person may still want to look at it, and deleting what others may have fetched is theirs
 * to do.
 */
final class FixReject {

  /** What a rejected fix is recorded as in the ledger. */
  static final String REJECTED = "rejected";

  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

  private final FixLedger ledger;
  private final ForgeToken token;
  private final Progress progress;

  FixReject(Optional<Path> memoryDir, ForgeToken token, Progress progress, Clock clock) {
    this.ledger = new FixLedger(memoryDir, clock);
    this.token = token;
    this.progress = progress;
  }

  RejectionOutcome reject(Repositories.Resolved repo, FixRejection rejection, AuditLog audit) {
    String by = Untrusted.clean(rejection.by(), 200);
    String branch = rejection.branch();
    Optional<String> kept = Optional.of(branch);
    if (by.isBlank()) {
      return new RejectionOutcome(
          "nothing done: who rejected the fix is not said",
          false,
          kept,
          "the fix ledger was not told");
    }
    String reason = rejection.reason().map(r -> Untrusted.clean(r, 1000)).orElse("");
    try {
      audit.append(
          AuditRecord.by(
              by,
              "fix.rejected",
              "branch",
              branch,
              "fixCommit",
              rejection.fixCommit(),
              "reason",
              reason,
              "pullRequest",
              rejection.pullRequest().map(PullRequestRef::url).orElse("")));
    } catch (AuditException e) {
      return new RejectionOutcome(
          "nothing done: the audit trail cannot record the rejection: " + e.getMessage(),
          false,
          kept,
          "the fix ledger was not told");
    }
    String told =
        SHA.matcher(rejection.fixCommit()).matches()
            ? ledger.record(
                repo.workTree(), rejection.fixCommit(), rejection.healReport(), REJECTED)
            : "the fix commit is not a commit id, so the ledger was not told";
    boolean closed = false;
    String pr = "";
    if (rejection.pullRequest().isPresent()) {
      PullRequestRef ref = rejection.pullRequest().get();
      String what = "pull request " + ref.url();
      try {
        String base = Repositories.baseBranch(repo, rejection.delivery());
        PullRequestReview review =
            PullRequestReview.connect(
                Repositories.route(repo, rejection.delivery(), base, token),
                by,
                audit,
                line -> progress.report("reject", line));
        closed =
            review.close(
                new PullRequest(ref.url(), ref.number(), branch, base, rejection.fixCommit()),
                "Rejected by "
                    + by
                    + " in Kintsugi"
                    + (reason.isEmpty() ? "" : ": " + reason)
                    + ". The branch "
                    + branch
                    + " is kept.");
        pr = closed ? what + " closed; " : what + " was no longer open, so not closed; ";
      } catch (IOException e) { // a ForgeException too
        pr = what + " not closed (" + e.getMessage() + "): close it on the forge; ";
      }
    }
    String summary = "rejected: " + pr + "branch " + branch + " kept; " + told;
    progress.report("reject", summary);
    return new RejectionOutcome(summary, closed, kept, told);
  }
}
