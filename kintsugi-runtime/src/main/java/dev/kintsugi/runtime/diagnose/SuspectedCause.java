package dev.kintsugi.runtime.diagnose;

import java.util.Objects;

/**
 * One ranked suspected cause of a runtime incident.
 *
 * @param rank 1 for the likeliest
 * @param subject the release, incident ({@code #12}), series or health check
 * @param score in [0, 1]: how strongly the evidence points at it
 * @param evidence why, in a sentence a person can check ("release 1.4.2 first seen 3 min before the
 *     onset")
 */
public record SuspectedCause(
    int rank, CauseKind kind, String subject, double score, String evidence) {
  public SuspectedCause {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1, was " + rank);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(evidence, "evidence");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
  }
}
