package dev.kintsugi.core.repair;

import java.util.List;
import java.util.Objects;

/**
 * A proposed patch.
 *
 * @param repairer who proposed it, e.g. {@code template:relational-operator}
 * @param description one line saying what the edit does, e.g. {@code "i <= n → i < n at
 *     Foo.java:12"}
 * @param changes the files it changes
 * @param score ranking weight (location score × template prior); higher is tried first
 */
public record Candidate(
    String repairer, String description, List<FileChange> changes, double score) {

  public Candidate {
    Objects.requireNonNull(repairer, "repairer");
    Objects.requireNonNull(description, "description");
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("a candidate must change at least one file");
    }
  }

  /** Same candidate with another score. */
  public Candidate withScore(double newScore) {
    return new Candidate(repairer, description, changes, newScore);
  }
}
