package dev.kintsugi.forge;

/**
 * Pull requests on one repository of one forge. Get one from {@link Forges#connect}. Every call is
 * one or a few HTTP requests; none retries or waits.
 */
public interface Forge {

  /** The repository and API this forge talks to. */
  ForgeTarget target();

  /**
   * Opens the pull request and sets its labels, creating missing labels where the forge needs that
   * (Gitea's labels are ids). If the labels cannot be set the new request is closed again and this
   * throws, so nothing is left half-done.
   */
  PullRequest open(PullRequestDraft draft) throws ForgeException;

  /**
   * The open pull request whose head is branch {@code head} of this repository, if there is one: so
   * that a heal resumed after a crash reuses the request its first attempt opened instead of
   * opening a second one.
   */
  java.util.Optional<PullRequest> openFor(String head) throws ForgeException;

  PullRequestState state(PullRequest pr) throws ForgeException;

  /** The checks of the head commit the request was opened with. */
  Checks checks(PullRequest pr) throws ForgeException;

  /**
   * Merges with a merge commit, only if the head is still {@link PullRequest#headSha()}; returns
   * the merge commit's sha. Throws when the forge refuses (not mergeable, head moved, no
   * permission).
   *
   * @param commitTitle the merge commit's title (GitHub: github-api sends it as the merge commit's
   *     message, under GitHub's own "Merge pull request #n" title)
   */
  String merge(PullRequest pr, String commitTitle) throws ForgeException;

  void comment(PullRequest pr, String body) throws ForgeException;

  /** Closes without merging. */
  void close(PullRequest pr) throws ForgeException;
}
