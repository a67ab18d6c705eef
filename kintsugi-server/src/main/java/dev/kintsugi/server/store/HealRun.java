package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One attempt to heal an incident ({@code queued → running → fixed | not_fixed | error}), created
 * and advanced by the server's heal scheduler. The full heal report is read separately ({@link
 * HealRunStore#report}).
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
    Optional<Boolean> reproduced) {

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
  }
}
