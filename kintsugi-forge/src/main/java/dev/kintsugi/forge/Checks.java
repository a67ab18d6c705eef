package dev.kintsugi.forge;

import java.util.List;
import java.util.Objects;

/**
 * The combined state of a pull request's checks: GitHub's check runs and commit statuses of the
 * head commit, GitLab's head pipeline, Gitea's combined commit status.
 *
 * @param failures one {@code "name: summary"} per failed check; the text comes from the forge and
 *     CI, so it is untrusted (cleaned to one line each)
 */
public record Checks(Verdict verdict, List<String> failures) {

  /** The verdict over all checks: any failure fails, else anything unfinished is pending. */
  public enum Verdict {
    PENDING,
    SUCCESS,
    FAILURE,
    /** No checks are configured for the head commit. */
    NONE
  }

  public Checks {
    Objects.requireNonNull(verdict, "verdict");
    failures = List.copyOf(failures);
  }
}
