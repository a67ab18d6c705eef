package dev.kintsugi.forge;

import jakarta.ws.rs.ProcessingException;
import java.util.List;
import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.GitLabApiException;
import org.gitlab4j.api.models.Job;
import org.gitlab4j.api.models.MergeRequest;
import org.gitlab4j.api.models.MergeRequestParams;
import org.gitlab4j.api.models.Pipeline;
import org.gitlab4j.api.models.PipelineStatus;
import org.gitlab4j.models.Constants.JobScope;
import org.gitlab4j.models.Constants.StateEvent;
import org.gitlab4j.models.Constants.TokenType;

/**
 * GitLab (gitlab.com and self-managed) through gitlab4j-api's v4 client. The project is addressed
 * by its path ({@code group/sub/name}, URL-encoded by the client), the merge request by its {@code
 * iid}; the token goes in the {@code PRIVATE-TOKEN} header.
 */
final class GitLabForge implements Forge {

  private static final String API_PATH = "/api/v4";

  private final ForgeTarget target;
  private final Failures failures;
  private final GitLabApi gitlab;

  GitLabForge(ForgeTarget target, String token) throws ForgeException {
    this.target = target;
    this.failures = new Failures(target, token);
    String api = target.apiUrl().toString();
    if (!api.endsWith(API_PATH)) {
      throw new ForgeException(
          "a GitLab --forge-url ends with "
              + API_PATH
              + ", e.g. https://gitlab.example.com/api/v4: got "
              + Untrusted.location(api));
    }
    // gitlab4j appends /api/v4 to the host URL itself.
    this.gitlab =
        new GitLabApi(
            GitLabApi.ApiVersion.V4,
            api.substring(0, api.length() - API_PATH.length()),
            TokenType.PRIVATE,
            token);
    gitlab.setRequestTimeout(
        (int) Http.CONNECT_TIMEOUT.toMillis(), (int) Http.REQUEST_TIMEOUT.toMillis());
  }

  @Override
  public ForgeTarget target() {
    return target;
  }

  @Override
  public PullRequest open(PullRequestDraft draft) throws ForgeException {
    String action = "opening a merge request from " + draft.head() + " into " + draft.base();
    // GitLab creates labels it does not know, so they go with the request itself, in one call.
    MergeRequestParams params =
        new MergeRequestParams()
            .withSourceBranch(draft.head())
            .withTargetBranch(draft.base())
            .withTitle(draft.title())
            .withDescription(draft.body());
    if (!draft.labels().isEmpty()) {
      params.withLabels(draft.labels());
    }
    MergeRequest created =
        call(
            action,
            () -> gitlab.getMergeRequestApi().createMergeRequest(target.repository(), params));
    if (created.getIid() == null || created.getWebUrl() == null) {
      throw failures.unexpected(action, "the merge request's iid and web_url");
    }
    return new PullRequest(
        created.getWebUrl(),
        Math.toIntExact(created.getIid()),
        created.getSourceBranch() == null ? draft.head() : created.getSourceBranch(),
        created.getTargetBranch() == null ? draft.base() : created.getTargetBranch(),
        created.getSha() == null ? "" : created.getSha());
  }

  @Override
  public java.util.Optional<PullRequest> openFor(String head) throws ForgeException {
    String action = "looking for an open merge request from " + head;
    // The open requests, a page of 100 (a fix's request is recent); the source branch is matched
    // here, from this project only (not a fork's branch of the same name).
    java.util.List<MergeRequest> open =
        call(
            action,
            () ->
                gitlab
                    .getMergeRequestApi()
                    .getMergeRequests(
                        target.repository(),
                        org.gitlab4j.models.Constants.MergeRequestState.OPENED,
                        1,
                        100));
    for (MergeRequest mr : open) {
      if (head.equals(mr.getSourceBranch())
          && java.util.Objects.equals(mr.getSourceProjectId(), mr.getProjectId())
          && mr.getIid() != null
          && mr.getWebUrl() != null) {
        return java.util.Optional.of(
            new PullRequest(
                mr.getWebUrl(),
                Math.toIntExact(mr.getIid()),
                head,
                mr.getTargetBranch() == null ? "" : mr.getTargetBranch(),
                mr.getSha() == null ? "" : mr.getSha()));
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public PullRequestState state(PullRequest pr) throws ForgeException {
    String action = "reading the state of " + target.kind().describe(pr.number());
    String state = mergeRequest(action, pr).getState();
    if ("merged".equals(state)) {
      return PullRequestState.MERGED;
    }
    return "closed".equals(state) ? PullRequestState.CLOSED : PullRequestState.OPEN;
  }

  @Override
  public Checks checks(PullRequest pr) throws ForgeException {
    String action = "reading the checks of " + target.kind().describe(pr.number());
    Pipeline pipeline = mergeRequest(action, pr).getHeadPipeline();
    CheckTally tally = new CheckTally();
    if (pipeline == null) {
      return tally.checks();
    }
    PipelineStatus status = pipeline.getStatus();
    if (status == PipelineStatus.SUCCESS) {
      tally.passed();
    } else if (status == PipelineStatus.FAILED) {
      List<Job> failed =
          call(
              action,
              () ->
                  gitlab
                      .getJobApi()
                      .getJobsForPipeline(target.repository(), pipeline.getId(), JobScope.FAILED));
      int named = 0;
      for (Job job : failed) {
        if (!Boolean.TRUE.equals(job.getAllowFailure())) {
          named++;
          String reason = job.getFailureReason() == null ? "failed" : job.getFailureReason();
          tally.failed(
              job.getName(),
              job.getStage() == null ? reason : reason + " in stage " + job.getStage());
        }
      }
      if (named == 0) {
        tally.failed("pipeline " + pipeline.getId(), "failed");
      }
    } else if (status == PipelineStatus.CANCELED
        || status == PipelineStatus.CANCELING
        || status == PipelineStatus.SKIPPED) {
      // Not green, and nothing will make it green without someone: never a reason to merge.
      tally.failed("pipeline " + pipeline.getId(), status.toValue());
    } else {
      tally.pending(); // created, preparing, pending, running, manual, scheduled, or unknown
    }
    return tally.checks();
  }

  @Override
  public String merge(PullRequest pr, String commitTitle) throws ForgeException {
    String action = "merging " + target.kind().describe(pr.number());
    MergeRequest merged =
        call(
            action,
            () ->
                gitlab
                    .getMergeRequestApi()
                    .acceptMergeRequest(
                        target.repository(),
                        (long) pr.number(),
                        commitTitle,
                        null,
                        null,
                        pr.headSha().isEmpty() ? null : pr.headSha()));
    if (!"merged".equals(merged.getState())) {
      throw failures.unexpected(action, "the merged state (it says " + merged.getState() + ")");
    }
    // A fast-forward or squash project has no merge commit: the branch's new head is the answer.
    for (String sha :
        new String[] {merged.getMergeCommitSha(), merged.getSquashCommitSha(), merged.getSha()}) {
      if (sha != null && !sha.isBlank()) {
        return sha;
      }
    }
    throw failures.unexpected(action, "a merge commit");
  }

  @Override
  public void comment(PullRequest pr, String body) throws ForgeException {
    String action = "commenting on " + target.kind().describe(pr.number());
    call(
        action,
        () ->
            gitlab
                .getNotesApi()
                .createMergeRequestNote(target.repository(), (long) pr.number(), body, null, null));
  }

  @Override
  public void close(PullRequest pr) throws ForgeException {
    String action = "closing " + target.kind().describe(pr.number());
    call(
        action,
        () ->
            gitlab
                .getMergeRequestApi()
                .updateMergeRequest(
                    target.repository(),
                    (long) pr.number(),
                    new MergeRequestParams().withStateEvent(StateEvent.CLOSE)));
  }

  private MergeRequest mergeRequest(String action, PullRequest pr) throws ForgeException {
    return call(
        action,
        () -> gitlab.getMergeRequestApi().getMergeRequest(target.repository(), (long) pr.number()));
  }

  private interface Call<T> {
    T run() throws GitLabApiException;
  }

  private <T> T call(String action, Call<T> call) throws ForgeException {
    try {
      return call.run();
    } catch (GitLabApiException e) {
      if (e.getHttpStatus() > 0) {
        throw failures.refused(action, e.getHttpStatus(), e.getMessage());
      }
      throw failures.unreachable(action, Http.causeOf(e.getCause() != null ? e.getCause() : e));
    } catch (ProcessingException e) {
      // Jersey's: connection refused, timeout, an answer that is not the API's.
      throw failures.unreachable(action, Http.causeOf(e));
    }
  }
}
