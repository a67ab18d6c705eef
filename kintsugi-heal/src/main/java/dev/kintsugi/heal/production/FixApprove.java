package dev.kintsugi.heal.production;

import dev.kintsugi.core.audit.AuditException;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.ApprovalOutcome;
import dev.kintsugi.core.incident.FixApproval;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.forge.PullRequest;
import dev.kintsugi.forge.Untrusted;
import dev.kintsugi.heal.deliver.BranchMerge;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.deliver.PullRequestDelivery;
import dev.kintsugi.heal.deliver.PullRequestReview;
import dev.kintsugi.heal.loop.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Merges a fix a person approved. With a pull request, through the forge ({@link
 * PullRequestReview}: at the fix commit the person saw, once its checks allow). Without one, into
 * the base branch of the project's repository ({@link BranchMerge}): fast-forwarded when it can be,
 * else by a merge commit made in the object database; a branch checked out in a working tree is
 * left alone, and the outcome names the branch to merge there. For a repository registered by URL
 * the merge is made on the base branch as fetched and pushed to it; for a local one, the local
 * branch moves, and is pushed to {@code origin} too when the project delivers pull requests.
 */
final class FixApprove {

  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

  private final ForgeToken token;
  private final Progress progress;
  private final Clock clock;

  FixApprove(ForgeToken token, Progress progress, Clock clock) {
    this.token = token;
    this.progress = progress;
    this.clock = clock;
  }

  ApprovalOutcome approve(Repositories.Resolved repo, FixApproval approval, AuditLog audit) {
    String by = Untrusted.clean(approval.by(), 200);
    if (by.isBlank()) {
      return ApprovalOutcome.failed("not merged: who approved the fix is not said");
    }
    if (!SHA.matcher(approval.fixCommit()).matches()) {
      return ApprovalOutcome.failed(
          "not merged: the fix commit '"
              + Untrusted.clean(approval.fixCommit(), 64)
              + "' is not a commit id");
    }
    if (!Repository.isValidRefName(Constants.R_HEADS + approval.branch())) {
      return ApprovalOutcome.failed(
          "not merged: '" + Untrusted.clean(approval.branch(), 100) + "' is not a branch name");
    }
    String base;
    try {
      base = Repositories.baseBranch(repo, approval.delivery());
    } catch (IOException e) {
      return ApprovalOutcome.failed("not merged: " + e.getMessage());
    }
    try {
      audit.append(
          AuditRecord.by(
              by,
              "fix.approved",
              "branch",
              approval.branch(),
              "fixCommit",
              approval.fixCommit(),
              "base",
              base,
              "pullRequest",
              approval.pullRequest().map(PullRequestRef::url).orElse("")));
    } catch (AuditException e) {
      return ApprovalOutcome.failed(
          "not merged: the audit trail cannot record the approval: " + e.getMessage());
    }
    ApprovalOutcome outcome =
        approval.pullRequest().isPresent()
            ? throughForge(repo, approval, approval.pullRequest().get(), base, by, audit)
            : intoBranch(repo, approval, base, by, audit);
    progress.report("approve", outcome.summary());
    if (outcome.result() != ApprovalOutcome.Result.MERGED) {
      record(
          audit,
          by,
          outcome.result() == ApprovalOutcome.Result.FAILED ? "fix.merge_failed" : "fix.not_merged",
          "branch",
          approval.branch(),
          "fixCommit",
          approval.fixCommit(),
          "why",
          outcome.summary());
    }
    return outcome;
  }

  private ApprovalOutcome throughForge(
      Repositories.Resolved repo,
      FixApproval approval,
      PullRequestRef ref,
      String base,
      String by,
      AuditLog audit) {
    String what = "pull request " + ref.url();
    PullRequestReview review;
    try {
      PullRequestDelivery.Route route = Repositories.route(repo, approval.delivery(), base, token);
      review =
          PullRequestReview.connect(route, by, audit, line -> progress.report("approve", line));
    } catch (ForgeException e) {
      return ApprovalOutcome.notMerged(
          "approved, but Kintsugi cannot merge "
              + what
              + " ("
              + e.getMessage()
              + "): merge it on the forge yourself");
    }
    return review.merge(
        new PullRequest(ref.url(), ref.number(), approval.branch(), base, approval.fixCommit()));
  }

  private ApprovalOutcome intoBranch(
      Repositories.Resolved repo, FixApproval approval, String base, String by, AuditLog audit) {
    String branch = approval.branch();
    boolean mirror = repo.remote().isPresent();
    try (Git git = Git.open(repo.workTree().toFile())) {
      Repository r = git.getRepository();
      ObjectId fix = r.resolve(approval.fixCommit() + "^{commit}");
      if (fix == null) {
        return ApprovalOutcome.failed(
            "not merged: the repository has no commit " + approval.fixCommit());
      }
      Optional<ObjectId> head = Repositories.branchHead(repo, base);
      if (head.isEmpty()) {
        return ApprovalOutcome.failed(
            "not merged: there is no branch " + Untrusted.clean(base, 100) + " to merge into");
      }
      Optional<Path> checkedOut =
          mirror ? BranchMerge.checkedOutAtOrigin(r, base) : BranchMerge.checkedOut(r, base);
      if (checkedOut.isPresent()) {
        return ApprovalOutcome.notMerged(
            base
                + " is checked out in "
                + checkedOut.get()
                + ": merge "
                + branch
                + " there yourself (git merge "
                + branch
                + "), then report the merge");
      }
      BranchMerge.Merged merged;
      try {
        merged = BranchMerge.merge(r, head.get(), fix, message(approval, base, by), clock);
      } catch (BranchMerge.Conflict e) {
        return ApprovalOutcome.failed(
            "not merged: " + e.getMessage() + " (" + base + " at " + head.get().name() + ")");
      }
      String how =
          switch (merged.kind()) {
            case FAST_FORWARD -> "fast-forwarded to the fix";
            case MERGE_COMMIT -> "merge commit " + merged.commit().name();
            case ALREADY_MERGED -> "it holds the fix already";
          };
      String where;
      if (mirror) {
        if (merged.kind() != BranchMerge.Kind.ALREADY_MERGED) {
          Optional<String> refused =
              BranchMerge.push(r, merged.commit(), base, Optional.of(head.get()));
          if (refused.isPresent()) {
            return ApprovalOutcome.failed(
                "not merged: pushing "
                    + base
                    + " to "
                    + repo.remote().get()
                    + " was refused: "
                    + refused.get());
          }
        }
        where = base + " of " + repo.remote().get();
      } else {
        if (merged.kind() != BranchMerge.Kind.ALREADY_MERGED) {
          BranchMerge.move(
              r, base, head.get(), merged.commit(), "merge approved fix " + branch + " by " + by);
        }
        where = base + " in " + repo.workTree();
        if (approval.delivery().pullRequests()
            && merged.kind() != BranchMerge.Kind.ALREADY_MERGED) {
          where +=
              BranchMerge.push(r, merged.commit(), base, Optional.empty())
                  .map(why -> "; not pushed to origin: " + why)
                  .orElse(", pushed to origin");
        }
      }
      record(
          audit,
          by,
          "branch.merged",
          "branch",
          branch,
          "fixCommit",
          approval.fixCommit(),
          "into",
          base,
          "commit",
          merged.commit().name(),
          "how",
          how,
          "where",
          where);
      return ApprovalOutcome.merged(
          "merged " + branch + " into " + where + " (" + how + ")", merged.commit().name());
    } catch (IOException | RuntimeException e) {
      return ApprovalOutcome.failed("not merged: " + e.getMessage());
    }
  }

  private static String message(FixApproval approval, String base, String by) {
    String error = Untrusted.clean(approval.title(), 180);
    return "Merge Kintsugi fix "
        + approval.branch()
        + " into "
        + base
        + "\n\n"
        + (error.isEmpty() ? "Fixes incident " + approval.incidentId() : "Fixes " + error)
        + ".\nFix commit "
        + approval.fixCommit()
        + approval
            .baseCommit()
            .filter(c -> SHA.matcher(c).matches())
            .map(c -> ", made on " + c)
            .orElse("")
        + ".\nApproved by "
        + by
        + ".\n";
  }

  private void record(AuditLog audit, String by, String action, String... keyValues) {
    try {
      audit.append(AuditRecord.by(by, action, keyValues));
    } catch (AuditException e) {
      progress.report("warning", "the audit trail cannot record " + action + ": " + e.getMessage());
    }
  }
}
