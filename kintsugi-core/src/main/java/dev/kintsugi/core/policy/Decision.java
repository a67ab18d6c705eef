package dev.kintsugi.core.policy;

/** What a policy lets happen to a validated fix, from most to least autonomous. */
public enum Decision {
  /** Open the pull request and merge it once the forge reports its checks green. */
  AUTO_MERGE,
  /** Open the pull request; a person approves and merges it. */
  REQUIRE_APPROVAL,
  /** Push the branch and tell people; no pull request. */
  NOTIFY_ONLY,
  /** Keep the fix as a local branch only, with the report saying why. */
  WITHHELD;

  /** The decision's name in reports and the audit trail, e.g. {@code require_approval}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
