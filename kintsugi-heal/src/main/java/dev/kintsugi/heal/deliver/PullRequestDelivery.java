package dev.kintsugi.heal.deliver;

import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.policy.Decision;
import dev.kintsugi.forge.Checks;
import dev.kintsugi.forge.Forge;
import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.forge.ForgeKind;
import dev.kintsugi.forge.ForgeTarget;
import dev.kintsugi.forge.Forges;
import dev.kintsugi.forge.PullRequest;
import dev.kintsugi.forge.PullRequestDraft;
import dev.kintsugi.forge.PullRequestState;
import dev.kintsugi.forge.git.BranchPush;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Delivers a fix branch as far as the policy lets it go: withheld (the local branch only), notify
 * only (pushed to {@code origin}), approval required (a pull request with the labels {@code
 * kintsugi} and {@code auto-fix}), auto-merge (the pull request merged once the forge reports its
 * checks green). Each step is recorded in the audit trail before the next is taken.
 *
 * <p>What cannot be done is said, never half-done: a rejected push leaves only the local branch; a
 * pull request the forge refuses leaves the pushed branch, and the outcome says where it is; an
 * auto-merge whose checks fail, never finish or are absent leaves the open request for a person.
 */
public final class PullRequestDelivery {

  /**
   * Where the pull request goes, resolved before the heal does any work, so a missing token or an
   * unknown forge is bad input at once rather than after minutes of healing.
   *
   * @param target the forge, its API and the repository on it
   * @param base the branch the request targets
   * @param token the forge's token
   */
  public record Route(ForgeTarget target, String base, ForgeToken token) {}

  /**
   * What happened.
   *
   * @param pullRequest the request, when one was opened
   * @param merged whether it was merged
   * @param summary one line for the report ({@code pull request #3 opened; approval required})
   * @param failed whether delivery failed (the fix exists, but not where it was asked for)
   * @param mergeCommit the merge commit, when merged
   */
  public record Outcome(
      Optional<PullRequest> pullRequest,
      boolean merged,
      String summary,
      boolean failed,
      Optional<String> mergeCommit) {

    public Outcome {
      if (merged != mergeCommit.isPresent()) {
        throw new IllegalArgumentException("a merged request has its merge commit, and only it");
      }
    }

    /** An outcome without a merge. */
    public Outcome(
        Optional<PullRequest> pullRequest, boolean merged, String summary, boolean failed) {
      this(pullRequest, merged, summary, failed, Optional.empty());
    }
  }

  /**
   * A second fix for a request whose checks failed on the first: at most once per request, as a new
   * commit on the same branch.
   */
  @FunctionalInterface
  public interface Revision {

    /** No second fix: a failed check leaves the request for a person. */
    Revision NONE = failures -> Optional.empty();

    /**
     * @param failures the failed checks, {@code name: summary} (untrusted text)
     * @return the branch's new head (moved locally, not yet pushed), or empty when there is none
     */
    Optional<String> revise(List<String> failures);
  }

  /** How long a head without any check is given for its CI to register one. */
  static final Duration NO_CHECKS_GRACE = Duration.ofMinutes(2);

  private final Route route;
  private final AuditLog audit;
  private final Consumer<String> progress;
  private final Clock clock;
  private final boolean reuseOpen;

  public PullRequestDelivery(Route route, AuditLog audit, Consumer<String> progress, Clock clock) {
    this(route, audit, progress, clock, false);
  }

  private PullRequestDelivery(
      Route route, AuditLog audit, Consumer<String> progress, Clock clock, boolean reuseOpen) {
    this.route = route;
    this.audit = audit;
    this.progress = progress;
    this.clock = clock;
    this.reuseOpen = reuseOpen;
  }

  /**
   * This delivery, reusing the open request of the fix branch if there is one ({@code reuse})
   * rather than opening another: for a server's heal run, whose branch is the same at each attempt,
   * so that a run resumed after a crash does not open a second request.
   */
  public PullRequestDelivery reusingOpenRequests(boolean reuse) {
    return new PullRequestDelivery(route, audit, progress, clock, reuse);
  }

  /**
   * Resolves the route: the token, {@code origin}'s URL, the forge (given or inferred) and the
   * branch the fix targets.
   *
   * @param revision the healed revision: {@code HEAD} (its branch) or a branch name
   * @throws ForgeException naming what is missing and the flag or variable that supplies it
   */
  public static Route route(
      Path repository,
      String revision,
      Optional<String> forge,
      Optional<URI> forgeUrl,
      Optional<String> forgeRepo,
      Optional<String> base,
      ForgeToken token)
      throws ForgeException {
    if (!token.present()) {
      throw new ForgeException(
          "no forge token: set "
              + ForgeToken.ENV
              + " to a token that may push branches and open pull requests");
    }
    Optional<ForgeKind> kind;
    try {
      kind = forge.map(ForgeKind::parse);
    } catch (IllegalArgumentException e) {
      throw new ForgeException(e.getMessage());
    }
    ForgeTarget target =
        ForgeTarget.infer(BranchPush.originUrl(repository), kind, forgeUrl, forgeRepo);
    // Not orElse: the healed branch is looked up only when no base is given (a production heal
    // heals a commit, which is no branch).
    return new Route(
        target, base.isPresent() ? base.get() : healedBranch(repository, revision), token);
  }

  /** The branch {@code revision} stands for: {@code HEAD}'s branch, or a branch's own name. */
  static String healedBranch(Path repository, String revision) throws ForgeException {
    try (Repository repo =
        new FileRepositoryBuilder().setWorkTree(repository.toFile()).setMustExist(true).build()) {
      if (Constants.HEAD.equals(revision)) {
        String full = repo.getFullBranch();
        if (full != null && full.startsWith(Constants.R_HEADS)) {
          return full.substring(Constants.R_HEADS.length());
        }
        throw new ForgeException(
            "HEAD is detached, so there is no branch to open the pull request against: give"
                + " --base BRANCH");
      }
      if (repo.exactRef(Constants.R_HEADS + revision) != null) {
        return revision;
      }
      throw new ForgeException(
          "the healed revision "
              + revision
              + " is not a branch, so there is no branch to open the pull request against: give"
              + " --base BRANCH");
    } catch (ForgeException e) {
      throw e;
    } catch (IOException e) {
      throw new ForgeException("cannot read the repository's branches: " + e.getMessage());
    }
  }

  /**
   * Takes the fix branch as far as {@code decision} allows.
   *
   * @param branch the local fix branch, already created
   * @param revision a second fix for an auto-merge whose checks failed, tried once
   */
  public Outcome deliver(
      Path repository,
      String branch,
      Decision decision,
      String title,
      String body,
      Duration wait,
      Duration poll,
      Revision revision) {
    ForgeKind kind = route.target().kind();
    if (decision == Decision.WITHHELD) {
      return new Outcome(
          Optional.empty(),
          false,
          "withheld by the policy: the fix is on local branch " + branch + ", nothing pushed",
          false);
    }
    try {
      BranchPush.push(repository, branch, route.token().value(), route.target());
    } catch (ForgeException e) {
      return failed(
          "pushing " + branch + " to origin failed: " + e.getMessage(),
          "the fix is on local branch " + branch + " only");
    }
    record("branch.pushed", "branch", branch, "remote", BranchPush.ORIGIN);
    progress.accept("branch " + branch + " pushed to origin");
    if (decision == Decision.NOTIFY_ONLY) {
      return new Outcome(
          Optional.empty(),
          false,
          "branch " + branch + " pushed to origin; no " + kind.requestNoun() + " (notify only)",
          false);
    }
    Forge forge;
    PullRequest pr;
    Optional<PullRequest> open = Optional.empty();
    try {
      forge = Forges.connect(route.target(), route.token().value().orElseThrow());
      if (reuseOpen) {
        open = forge.openFor(branch);
      }
      pr =
          open.isPresent()
              ? open.get()
              : forge.open(
                  new PullRequestDraft(
                      branch, route.base(), title, body, PullRequestDraft.DEFAULT_LABELS));
    } catch (ForgeException e) {
      return failed(
          "opening the " + kind.requestNoun() + " failed: " + e.getMessage(),
          "the fix is on branch " + branch + ", pushed to origin");
    }
    if (open.isPresent()) {
      // Opened by an earlier attempt of this heal run (which then stopped): the pushed branch
      // updated it, if the fix changed.
      record(
          "pull_request.reused",
          "url",
          pr.url(),
          "number",
          String.valueOf(pr.number()),
          "head",
          branch);
      progress.accept(kind.describe(pr.number()) + " reused: " + pr.url());
      return decision == Decision.REQUIRE_APPROVAL
          ? new Outcome(
              Optional.of(pr),
              false,
              kind.describe(pr.number())
                  + " (opened before) against "
                  + pr.base()
                  + "; approval required",
              false)
          : autoMerge(repository, forge, pr, wait, poll, revision);
    }
    record(
        "pull_request.opened",
        "url",
        pr.url(),
        "number",
        String.valueOf(pr.number()),
        "base",
        route.base(),
        "head",
        branch);
    progress.accept(kind.describe(pr.number()) + " opened: " + pr.url());
    if (decision == Decision.REQUIRE_APPROVAL) {
      return new Outcome(
          Optional.of(pr),
          false,
          kind.describe(pr.number()) + " opened against " + route.base() + "; approval required",
          false);
    }
    return autoMerge(repository, forge, pr, wait, poll, revision);
  }

  /**
   * Merges once the checks are green. When they fail, {@code revision} may replace the fix once
   * (pushed to the same branch, the checks awaited again); anything else leaves the open request
   * for a person.
   */
  private Outcome autoMerge(
      Path repository,
      Forge forge,
      PullRequest opened,
      Duration wait,
      Duration poll,
      Revision revision) {
    PullRequest pr = opened;
    String what = route.target().kind().describe(pr.number());
    long deadline = clock.millis() + wait.toMillis();
    long noChecksUntil = clock.millis() + NO_CHECKS_GRACE.toMillis();
    boolean revised = false;
    try {
      while (true) {
        Checks checks = forge.checks(pr);
        switch (checks.verdict()) {
          case SUCCESS -> {
            if (forge.state(pr) != PullRequestState.OPEN) {
              return left(pr, what + " is no longer open; not merged");
            }
            String mergeCommit = forge.merge(pr, "Merge Kintsugi fix " + pr.head());
            record(
                "pull_request.merged",
                "url",
                pr.url(),
                "number",
                String.valueOf(pr.number()),
                "mergeCommit",
                mergeCommit,
                "why",
                "policy allows auto-merge and the checks passed");
            progress.accept(what + " merged (" + mergeCommit + ")");
            return new Outcome(
                Optional.of(pr),
                true,
                what
                    + " opened and merged after its checks passed"
                    + (revised ? " on the revised fix" : "")
                    + " (merge commit "
                    + mergeCommit
                    + ")",
                false,
                Optional.of(mergeCommit));
          }
          case FAILURE -> {
            String failures = String.join("; ", checks.failures());
            if (!revised) {
              Optional<String> head = revision.revise(checks.failures());
              if (head.isPresent()) {
                BranchPush.push(repository, pr.head(), route.token().value(), route.target());
                record(
                    "branch.updated",
                    "branch",
                    pr.head(),
                    "commit",
                    head.get(),
                    "why",
                    "the checks failed: " + failures);
                forge.comment(
                    pr,
                    "The checks failed ("
                        + checks.failures().size()
                        + "), so Kintsugi replaced the fix with the next plausible one (commit "
                        + head.get()
                        + ") and waits for the checks again. It does this once.");
                progress.accept(what + ": checks failed, fix revised (" + head.get() + ")");
                pr = new PullRequest(pr.url(), pr.number(), pr.head(), pr.base(), head.get());
                revised = true;
                deadline = clock.millis() + wait.toMillis();
                noChecksUntil = clock.millis() + NO_CHECKS_GRACE.toMillis();
                continue;
              }
            }
            forge.comment(
                pr,
                "Kintsugi did not merge this fix: its checks failed ("
                    + checks.failures().size()
                    + "). It is left for a person to review.");
            record("pull_request.checks_failed", "url", pr.url(), "failures", failures);
            return left(pr, what + " opened; its checks failed (" + failures + "); not merged");
          }
          case NONE -> {
            // A CI needs a moment to register its checks on a new head: wait a little for them.
            if (clock.millis() + poll.toMillis() > Math.min(deadline, noChecksUntil)) {
              return left(
                  pr,
                  what
                      + " opened; the forge reports no checks for it, and auto-merge needs green"
                      + " checks; not merged");
            }
            Thread.sleep(poll.toMillis());
          }
          case PENDING -> {
            if (clock.millis() + poll.toMillis() > deadline) {
              return left(
                  pr,
                  what
                      + " opened; its checks were still running after "
                      + wait.toSeconds()
                      + " s; not merged");
            }
            Thread.sleep(poll.toMillis());
          }
        }
      }
    } catch (ForgeException e) {
      return left(pr, what + " opened; auto-merge stopped: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return left(pr, what + " opened; auto-merge interrupted; not merged");
    }
  }

  private Outcome left(PullRequest pr, String why) {
    progress.accept(why);
    return new Outcome(Optional.of(pr), false, why + "; left for a person to approve", false);
  }

  private Outcome failed(String what, String where) {
    record("delivery.failed", "why", what, "where", where);
    progress.accept(what);
    return new Outcome(Optional.empty(), false, what + "; " + where, true);
  }

  private void record(String action, String... keyValues) {
    audit.append(AuditRecord.system(action, keyValues));
  }
}
