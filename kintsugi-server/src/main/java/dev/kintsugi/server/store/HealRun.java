package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One attempt to heal an incident. The server only lists them; production healing (a later issue)
 * creates and advances them in table {@code heal_run}.
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
    Optional<String> summary) {

  public HealRun {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(summary, "summary");
  }
}
