package dev.kintsugi.heal.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.audit.AuditException;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.core.incident.RevertOutcome;
import dev.kintsugi.core.incident.RevertRequest;
import dev.kintsugi.core.policy.Decision;
import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.forge.Untrusted;
import dev.kintsugi.forge.git.RevertBranch;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.deliver.PullRequestDelivery;
import dev.kintsugi.heal.loop.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Undoes a merged fix that came back in a release containing it: records it as failed in the fix
 * ledger (so its repairer's track record, and thus the confidence of its next fixes, drops, and the
 * memory no longer replays it), then builds the revert on the base branch's current head as branch
 * {@code kintsugi/revert-<fix>} and delivers it as the fix was: a pull request (approval required:
 * a revert is a person's call to merge) when the project delivers pull requests, else the branch
 * (pushed for a mirrored repository).
 *
 * <p>Which commit is reverted: the merge commit when it alone holds the fix (a squash or rebase
 * merge: one parent, touching the fix's files), else the fix commit itself, whose changes a true
 * merge brought in.
 */
final class FixRevert {

  /** What a regressed fix is recorded as in the ledger. */
  static final String REGRESSED = "regressed";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

  private final FixLedger ledger;
  private final ForgeToken token;
  private final Progress progress;
  private final Clock clock;

  FixRevert(Optional<Path> memoryDir, ForgeToken token, Progress progress, Clock clock) {
    this.ledger = new FixLedger(memoryDir, clock);
    this.token = token;
    this.progress = progress;
    this.clock = clock;
  }

  RevertOutcome revert(Repositories.Resolved repo, RevertRequest request, AuditLog audit) {
    if (!SHA.matcher(request.fixCommit()).matches()) {
      return RevertOutcome.notReverted(
          "the fix commit '" + Untrusted.clean(request.fixCommit(), 64) + "' is not a commit id",
          "the fix ledger was not told");
    }
    String fix = request.fixCommit();
    String ledger = lowerInLedger(repo, request);
    String base;
    Optional<ObjectId> onto;
    try {
      base = Repositories.baseBranch(repo, request.delivery());
      onto = Repositories.branchHead(repo, base);
    } catch (IOException e) {
      return failed(audit, request, "cannot read the base branch: " + e.getMessage(), ledger);
    }
    if (onto.isEmpty()) {
      return failed(
          audit,
          request,
          "there is no branch " + Untrusted.clean(base, 100) + " to revert the fix on",
          ledger);
    }
    String reverted = commitToRevert(repo, request);
    String branch = "kintsugi/revert-" + fix.substring(0, Math.min(12, fix.length()));
    String title = title(request);
    String revertCommit;
    try {
      revertCommit =
          RevertBranch.create(
              repo.workTree(), reverted, onto.get().name(), branch, message(request, title), clock);
    } catch (ForgeException e) {
      return failed(audit, request, e.getMessage(), ledger);
    }
    progress.report("revert", "branch " + branch + " reverts " + abbreviate(reverted));
    record(
        audit,
        "fix.reverted",
        "fixCommit",
        fix,
        "reverted",
        reverted,
        "branch",
        branch,
        "commit",
        revertCommit,
        "onto",
        base + "@" + onto.get().name(),
        "release",
        request.release(),
        "ledger",
        ledger);
    DeliveryRequest how = request.delivery();
    if (!how.pullRequests()) {
      String pushed = Repositories.push(repo, branch);
      String where = pushed.isEmpty() ? "branch " + branch + " in " + repo.workTree() : pushed;
      return new RevertOutcome(
          true,
          "reverted " + abbreviate(reverted) + " on " + base + ": " + where,
          Optional.of(branch),
          Optional.of(revertCommit),
          Optional.empty(),
          ledger);
    }
    PullRequestDelivery.Route route;
    try {
      route = Repositories.route(repo, how, base, token);
    } catch (ForgeException e) {
      String why = "cannot open the revert's pull request: " + e.getMessage();
      record(audit, "delivery.failed", "why", why, "where", "local branch " + branch);
      return new RevertOutcome(
          true,
          "reverted " + abbreviate(reverted) + " on local branch " + branch + "; " + why,
          Optional.of(branch),
          Optional.of(revertCommit),
          Optional.empty(),
          ledger);
    }
    PullRequestDelivery.Outcome delivered =
        new PullRequestDelivery(route, audit, line -> progress.report("revert", line), clock)
            .deliver(
                repo.workTree(),
                branch,
                Decision.REQUIRE_APPROVAL,
                title,
                body(request, reverted, base, ledger),
                Duration.ZERO,
                Duration.ofSeconds(1),
                PullRequestDelivery.Revision.NONE);
    return new RevertOutcome(
        true,
        "reverted " + abbreviate(reverted) + ": " + delivered.summary(),
        Optional.of(branch),
        Optional.of(revertCommit),
        delivered.pullRequest().map(pr -> new PullRequestRef(pr.url(), pr.number())),
        ledger);
  }

  /** Records the fix as regressed in the fix ledger; says what the ledger now holds. */
  String lowerInLedger(Repositories.Resolved repo, RevertRequest request) {
    return ledger.record(repo.workTree(), request.fixCommit(), request.healReport(), REGRESSED);
  }

  /**
   * The merge commit when it alone holds the fix (one parent, and it changes a file the fix
   * changed); otherwise the fix commit. A merge commit named by a person is checked so, so a typo
   * never reverts someone else's work.
   */
  private static String commitToRevert(Repositories.Resolved repo, RevertRequest request) {
    String fix = request.fixCommit();
    Optional<String> merge = request.mergeCommit().filter(m -> SHA.matcher(m).matches());
    if (merge.isEmpty()) {
      return fix;
    }
    try (Git git = Git.open(repo.workTree().toFile());
        RevWalk walk = new RevWalk(git.getRepository())) {
      Repository repository = git.getRepository();
      ObjectId mergeId = repository.resolve(merge.get() + "^{commit}");
      ObjectId fixId = repository.resolve(fix + "^{commit}");
      if (mergeId == null || fixId == null || mergeId.equals(fixId)) {
        return fix;
      }
      RevCommit m = walk.parseCommit(mergeId);
      if (m.getParentCount() != 1) {
        return fix; // a true merge: the fix commit's own changes are what it brought in
      }
      RevCommit f = walk.parseCommit(fixId);
      RevCommit mParent = walk.parseCommit(m.getParent(0));
      RevCommit fParent = walk.parseCommit(f.getParent(0));
      for (String file : changedFiles(repository, fParent, f)) {
        String before = FixLedger.text(repository, mParent.getTree(), file);
        String after = FixLedger.text(repository, m.getTree(), file);
        if (!before.equals(after)) {
          return m.name();
        }
      }
      return fix;
    } catch (IOException | RuntimeException e) {
      return fix;
    }
  }

  private static List<String> changedFiles(Repository repository, RevCommit from, RevCommit to)
      throws IOException {
    List<String> files = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.setRecursive(true);
      walk.addTree(from.getTree());
      walk.addTree(to.getTree());
      walk.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
      while (walk.next()) {
        files.add(walk.getPathString());
      }
    }
    return files;
  }

  private RevertOutcome failed(AuditLog audit, RevertRequest request, String why, String ledger) {
    progress.report("revert", "not reverted: " + why);
    record(
        audit,
        "fix.revert_failed",
        "fixCommit",
        request.fixCommit(),
        "release",
        request.release(),
        "why",
        why,
        "ledger",
        ledger);
    return RevertOutcome.notReverted("not reverted: " + why, ledger);
  }

  private void record(AuditLog audit, String action, String... keyValues) {
    try {
      audit.append(AuditRecord.system(action, keyValues));
    } catch (AuditException e) {
      progress.report("warning", "the audit trail cannot record " + action + ": " + e.getMessage());
    }
  }

  /** "Revert Kintsugi fix for <error>", one clean line. */
  static String title(RevertRequest request) {
    String error = Untrusted.clean(request.title(), 180);
    return "Revert Kintsugi fix for "
        + (error.isEmpty() ? "incident " + request.incidentId() : error);
  }

  private static String message(RevertRequest request, String title) {
    return title
        + "\n\nThis reverts commit "
        + request.fixCommit()
        + request.mergeCommit().map(m -> " (merged as " + m + ")").orElse("")
        + ".\n\nThe error came back in release "
        + Untrusted.clean(request.release(), 200)
        + ", which contains the fix: it did not hold.\n";
  }

  private static String body(RevertRequest request, String reverted, String base, String ledger) {
    StringBuilder body = new StringBuilder();
    body.append("## The fix did not hold\n\n");
    body.append("Kintsugi fixed incident ")
        .append(request.incidentId())
        .append(" with commit `")
        .append(request.fixCommit())
        .append('`');
    request.mergeCommit().ifPresent(m -> body.append(", merged as `").append(m).append('`'));
    body.append(". An event of release `")
        .append(Untrusted.clean(request.release(), 200))
        .append("`, which contains the fix, shows the same error again.\n\n");
    try {
      JsonNode report = JSON.readTree(request.healReport());
      JsonNode fix = report.path("fix");
      if (!fix.isMissingNode()) {
        body.append("The fix: ")
            .append(Untrusted.clean(fix.path("explanation").asText(""), 500))
            .append(" (")
            .append(Untrusted.clean(fix.path("repairer").asText(""), 100))
            .append(").\n\n");
      }
      String pr = report.path("pullRequest").path("url").asText("");
      if (!pr.isEmpty()) {
        body.append("It was delivered as ").append(Untrusted.clean(pr, 300)).append(".\n\n");
      }
    } catch (IOException e) {
      // the story is told without the report's words
    }
    body.append("## This pull request\n\n");
    body.append("Reverts `")
        .append(reverted)
        .append("` on top of `")
        .append(base)
        .append("` (no other change). Merge it to take the fix out; the incident stays")
        .append(" `regressed` for a person to look at.\n\n");
    body.append("Fix ledger: ").append(ledger).append(".\n");
    return body.toString();
  }

  private static String abbreviate(String sha) {
    return sha.substring(0, Math.min(8, sha.length()));
  }
}
