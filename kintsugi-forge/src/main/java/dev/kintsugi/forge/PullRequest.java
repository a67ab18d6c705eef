package dev.kintsugi.forge;

import java.util.Objects;

/**
 * An opened pull request (GitLab: merge request).
 *
 * @param url the page people open, e.g. {@code https://github.com/acme/shop/pull/3}
 * @param number the number people use ({@code #3}; GitLab's {@code iid}, {@code !3})
 * @param headSha the head commit the request was opened with; checks are read for it and a merge is
 *     refused by the forge if the head moved since (empty if the forge did not say)
 */
public record PullRequest(String url, int number, String head, String base, String headSha) {

  public PullRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(headSha, "headSha");
    if (number <= 0) {
      throw new IllegalArgumentException("a pull request number is positive: " + number);
    }
  }
}
