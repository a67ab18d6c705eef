package dev.kintsugi.forge;

/** Where a pull request stands. */
public enum PullRequestState {
  OPEN,
  MERGED,
  /** Closed without being merged. */
  CLOSED
}
