package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One attempt to heal an incident ({@code queued → running → fixed | not_fixed | error}), created
 * and advanced by the server's heal scheduler. The full heal report is read separately ({@link
 * HealRunStore#report}).
 *
 * @param pullRequest the URL of the pull request that carries the fix
 * @param pullRequestNumber its number
 * @param decision the policy's decision on the fix ({@code auto_merge}, {@code require_approval},
 *     {@code notify_only}, {@code withheld})
 * @param mergeCommit the commit that merged the fix, once merged
 * @param mergedBy who merged it: {@code kintsugi} (the heal, as the policy allowed) or the person
 *     who reported it merged
 * @param review a person's verdict on the fix, once given
 */
public record HealRun(
    long id,
    long incidentId,
    String status,
    Instant createdAt,
    Instant updatedAt,
    Optional<String> branch,
    Optional<String> commit,
    Optional<String> pullRequest,
    OptionalDouble confidence,
    Optional<String> summary,
    Optional<String> trigger,
    Optional<Boolean> reproduced,
    Optional<Integer> pullRequestNumber,
    Optional<String> decision,
    Optional<String> mergeCommit,
    Optional<String> mergedBy,
    Optional<Review> review) {

  /**
   * A person's verdict on a fix ({@code heal_run.review}, V28).
   *
   * @param verdict {@link #APPROVED} or {@link #REJECTED}
   * @param by who gave it
   * @param note why it was rejected, or what became of the approval (merged, or why not)
   */
  public record Review(String verdict, String by, Instant at, Optional<String> note) {

    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    public Review {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(note, "note");
    }

    public boolean rejected() {
      return REJECTED.equals(verdict);
    }
  }

  /** A run nobody reviewed. */
  public HealRun(
      long id,
      long incidentId,
      String status,
      Instant createdAt,
      Instant updatedAt,
      Optional<String> branch,
      Optional<String> commit,
      Optional<String> pullRequest,
      OptionalDouble confidence,
      Optional<String> summary,
      Optional<String> trigger,
      Optional<Boolean> reproduced,
      Optional<Integer> pullRequestNumber,
      Optional<String> decision,
      Optional<String> mergeCommit,
      Optional<String> mergedBy) {
    this(
        id,
        incidentId,
        status,
        createdAt,
        updatedAt,
        branch,
        commit,
        pullRequest,
        confidence,
        summary,
        trigger,
        reproduced,
        pullRequestNumber,
        decision,
        mergeCommit,
        mergedBy,
        Optional.empty());
  }

  public HealRun {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(reproduced, "reproduced");
    Objects.requireNonNull(pullRequestNumber, "pullRequestNumber");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(mergeCommit, "mergeCommit");
    Objects.requireNonNull(mergedBy, "mergedBy");
    Objects.requireNonNull(review, "review");
  }

  /** Whether the fix was merged (by the heal or, as reported, by a person). */
  public boolean merged() {
    return mergeCommit.isPresent() || mergedBy.isPresent();
  }
}
