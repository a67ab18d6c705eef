package dev.kintsugi.core.policy;

import java.util.Objects;

/**
 * A policy's decision on one fix and the sentence that explains it, e.g. {@code confidence 0.81 <
 * autoMerge 0.95 for production/critical → approval required}.
 */
public record PolicyDecision(Decision decision, String explanation) {

  public PolicyDecision {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(explanation, "explanation");
  }
}
