package dev.kintsugi.core.incident;

import java.util.Objects;
import java.util.Optional;

/**
 * How approving a fix ended.
 *
 * @param result merged, approved but left for a person to merge, or failed
 * @param summary one line: what was done and where, or why not (e.g. {@code main is checked out in
 *     /src/shop: merge kintsugi/fix-1a2b3c4d yourself})
 * @param mergeCommit the commit that brought the fix into the base branch, when merged (the fix
 *     commit itself for a fast-forward)
 */
public record ApprovalOutcome(Result result, String summary, Optional<String> mergeCommit) {

  /** What became of the approval. */
  public enum Result {
    /** The fix is in the base branch. */
    MERGED,
    /** Approved, but not merged; the summary says why and what a person has to do. */
    APPROVED_NOT_MERGED,
    /** Nothing was done (the fix conflicts, the forge refused, ...); the summary says why. */
    FAILED
  }

  public ApprovalOutcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(mergeCommit, "mergeCommit");
    if ((result == Result.MERGED) != mergeCommit.isPresent()) {
      throw new IllegalArgumentException("a merged fix has its merge commit, and only it");
    }
  }

  /** Merged by {@code mergeCommit}. */
  public static ApprovalOutcome merged(String summary, String mergeCommit) {
    return new ApprovalOutcome(Result.MERGED, summary, Optional.of(mergeCommit));
  }

  /** Approved, left for a person to merge, for this reason. */
  public static ApprovalOutcome notMerged(String why) {
    return new ApprovalOutcome(Result.APPROVED_NOT_MERGED, why, Optional.empty());
  }

  /** Nothing done, for this reason. */
  public static ApprovalOutcome failed(String why) {
    return new ApprovalOutcome(Result.FAILED, why, Optional.empty());
  }

  /** {@code merged}, {@code approved_not_merged} or {@code failed}, as REST and the trail say. */
  public String wireName() {
    return result.name().toLowerCase(java.util.Locale.ROOT);
  }
}
