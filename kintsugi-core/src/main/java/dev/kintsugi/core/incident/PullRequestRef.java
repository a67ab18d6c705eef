package dev.kintsugi.core.incident;

import java.util.Objects;

/**
 * A pull (or merge) request a heal or a revert opened.
 *
 * @param url its page on the forge
 * @param number its number ({@code iid} on GitLab)
 */
public record PullRequestRef(String url, int number) {

  public PullRequestRef {
    Objects.requireNonNull(url, "url");
    if (number <= 0) {
      throw new IllegalArgumentException("a pull request number is positive, was " + number);
    }
  }
}
