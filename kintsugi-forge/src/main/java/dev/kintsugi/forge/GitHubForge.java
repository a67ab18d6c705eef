package dev.kintsugi.forge;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHCommitStatus;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

/** GitHub (github.com and Enterprise Server) through github-api's REST v3 client. */
final class GitHubForge implements Forge {

  private final ForgeTarget target;
  private final Failures failures;
  private final GitHub github;
  private GHRepository repository;

  GitHubForge(ForgeTarget target, String token) throws ForgeException {
    this.target = target;
    this.failures = new Failures(target, token);
    try {
      this.github =
          new GitHubBuilder()
              .withEndpoint(target.apiUrl().toString())
              // A plain provider rather than withOAuthToken: that one makes the client ask
              // GET /user for the login first, which an app installation token may not.
              .withAuthorizationProvider(() -> "Bearer " + token)
              .withConnector(new TimedGitHubConnector(Http.newClient(), Http.REQUEST_TIMEOUT))
              // Fail rather than sleep until the limit resets: the heal has a time budget.
              .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
              .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
              .build();
    } catch (IOException e) {
      throw failures.unreachable("connecting", Http.causeOf(e));
    }
  }

  @Override
  public ForgeTarget target() {
    return target;
  }

  @Override
  public PullRequest open(PullRequestDraft draft) throws ForgeException {
    String action = "opening a pull request from " + draft.head() + " into " + draft.base();
    GHRepository repo = repository(action);
    GHPullRequest created =
        call(
            action,
            () -> repo.createPullRequest(draft.title(), draft.head(), draft.base(), draft.body()));
    PullRequest pr = pullRequest(action, created);
    if (!draft.labels().isEmpty()) {
      String labelling = "labelling " + target.kind().describe(pr.number());
      try {
        call(labelling, () -> created.addLabels(draft.labels().toArray(String[]::new)));
      } catch (ForgeException e) {
        throw new ForgeException(e.getMessage() + "; " + closeAgain(created, pr), e.status());
      }
    }
    return pr;
  }

  @Override
  public java.util.Optional<PullRequest> openFor(String head) throws ForgeException {
    String action = "looking for an open pull request from " + head;
    GHRepository repo = repository(action);
    String owner = target.repository().substring(0, target.repository().indexOf('/'));
    java.util.List<GHPullRequest> open =
        call(
            action,
            () ->
                repo.queryPullRequests()
                    .state(GHIssueState.OPEN)
                    .head(owner + ":" + head)
                    .list()
                    .toList());
    for (GHPullRequest candidate : open) {
      // The filter is GitHub's; checked again, since a request from a fork has the same ref name.
      if (candidate.getHead() != null && head.equals(candidate.getHead().getRef())) {
        return java.util.Optional.of(pullRequest(action, candidate));
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public PullRequestState state(PullRequest pr) throws ForgeException {
    String action = "reading the state of " + target.kind().describe(pr.number());
    GHPullRequest current = pullRequest(action, pr.number());
    return call(
        action,
        () -> {
          if (current.isMerged()) {
            return PullRequestState.MERGED;
          }
          return current.getState() == GHIssueState.CLOSED
              ? PullRequestState.CLOSED
              : PullRequestState.OPEN;
        });
  }

  @Override
  public Checks checks(PullRequest pr) throws ForgeException {
    String action = "reading the checks of " + target.kind().describe(pr.number());
    GHRepository repo = repository(action);
    String sha =
        pr.headSha().isEmpty()
            ? call(action, () -> repo.getPullRequest(pr.number()).getHead().getSha())
            : pr.headSha();
    CheckTally tally = new CheckTally();
    call(
        action,
        () -> {
          for (GHCheckRun run : repo.getCheckRuns(sha)) {
            checkRun(run, tally);
          }
          // Newest first: the first status of each context is its current one.
          Map<String, GHCommitStatus> latest = new LinkedHashMap<>();
          for (GHCommitStatus status : repo.listCommitStatuses(sha)) {
            latest.putIfAbsent(status.getContext(), status);
          }
          for (GHCommitStatus status : latest.values()) {
            GHCommitState state = status.getState();
            if (state == GHCommitState.SUCCESS) {
              tally.passed();
            } else if (state == GHCommitState.PENDING || state == null) {
              tally.pending();
            } else {
              tally.failed(status.getContext(), status.getDescription());
            }
          }
          return null;
        });
    return tally.checks();
  }

  private static void checkRun(GHCheckRun run, CheckTally tally) {
    if (run.getStatus() != GHCheckRun.Status.COMPLETED) {
      tally.pending();
      return;
    }
    GHCheckRun.Conclusion conclusion = run.getConclusion();
    if (conclusion == GHCheckRun.Conclusion.SUCCESS
        || conclusion == GHCheckRun.Conclusion.NEUTRAL
        || conclusion == GHCheckRun.Conclusion.SKIPPED) {
      tally.passed();
      return;
    }
    String outcome = conclusion == null ? "no conclusion" : conclusion.toString();
    GHCheckRun.Output output = run.getOutput();
    String detail = "";
    if (output != null) {
      detail = output.getTitle() != null ? output.getTitle() : "";
      if (output.getSummary() != null && !output.getSummary().isBlank()) {
        detail = detail.isEmpty() ? output.getSummary() : detail + " — " + output.getSummary();
      }
    }
    tally.failed(run.getName(), detail.isEmpty() ? outcome : outcome + ", " + detail);
  }

  @Override
  public String merge(PullRequest pr, String commitTitle) throws ForgeException {
    String action = "merging " + target.kind().describe(pr.number());
    GHPullRequest current = pullRequest(action, pr.number());
    call(
        action,
        () -> {
          current.merge(
              commitTitle,
              pr.headSha().isEmpty() ? null : pr.headSha(),
              GHPullRequest.MergeMethod.MERGE);
          return null;
        });
    // The merge answer carries the sha, but github-api drops it: read the request again.
    GHPullRequest merged = pullRequest(action, pr.number());
    String sha = call(action, () -> merged.isMerged() ? merged.getMergeCommitSha() : null);
    if (sha == null || sha.isBlank()) {
      throw failures.unexpected(action, "a merge commit");
    }
    return sha;
  }

  @Override
  public void comment(PullRequest pr, String body) throws ForgeException {
    String action = "commenting on " + target.kind().describe(pr.number());
    GHPullRequest current = pullRequest(action, pr.number());
    call(action, () -> current.comment(body));
  }

  @Override
  public void close(PullRequest pr) throws ForgeException {
    String action = "closing " + target.kind().describe(pr.number());
    GHPullRequest current = pullRequest(action, pr.number());
    call(
        action,
        () -> {
          current.close();
          return null;
        });
  }

  private String closeAgain(GHPullRequest created, PullRequest pr) {
    String what = target.kind().describe(pr.number());
    try {
      call(
          "closing " + what,
          () -> {
            created.close();
            return null;
          });
      return "closed " + what + " again";
    } catch (ForgeException e) {
      return what + " is left open (" + pr.url() + "): closing it failed too";
    }
  }

  private GHRepository repository(String action) throws ForgeException {
    if (repository == null) {
      repository = call(action, () -> github.getRepository(target.repository()));
    }
    return repository;
  }

  private GHPullRequest pullRequest(String action, int number) throws ForgeException {
    GHRepository repo = repository(action);
    return call(action, () -> repo.getPullRequest(number));
  }

  private PullRequest pullRequest(String action, GHPullRequest created) throws ForgeException {
    if (created.getHtmlUrl() == null || created.getHead() == null || created.getBase() == null) {
      throw failures.unexpected(action, "the pull request's html_url, head and base");
    }
    String sha = created.getHead().getSha();
    return new PullRequest(
        created.getHtmlUrl().toString(),
        created.getNumber(),
        created.getHead().getRef(),
        created.getBase().getRef(),
        sha == null ? "" : sha);
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  private <T> T call(String action, Call<T> call) throws ForgeException {
    try {
      return call.run();
    } catch (IOException e) {
      throw translate(action, e);
    } catch (GHException e) {
      // Paged lists wrap the request's IOException in this unchecked one.
      throw translate(action, e.getCause() instanceof IOException io ? io : e);
    }
  }

  private ForgeException translate(String action, Exception e) {
    if (e instanceof GHFileNotFoundException notFound) {
      return failures.refused(action, 404, Failures.messageOf(notFound.getMessage()));
    }
    if (e instanceof HttpException http && http.getResponseCode() > 0) {
      return failures.refused(
          action, http.getResponseCode(), Failures.messageOf(http.getMessage()));
    }
    return failures.unreachable(action, Http.causeOf(e.getCause() != null ? e.getCause() : e));
  }
}
