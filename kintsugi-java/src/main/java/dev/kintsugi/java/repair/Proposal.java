package dev.kintsugi.java.repair;

import java.util.List;
import java.util.Objects;

/**
 * What a template proposes: text edits against the original source, a one-line description such as
 * {@code "i <= n → i < n"}, and a weight in (0, 1] saying how likely this edit is among the
 * template's edits (1 for the most likely; see {@link OperatorPriors}). The candidate's score is
 * location score × template prior × weight.
 */
record Proposal(String description, List<TextEdit> edits, double weight) {

  Proposal {
    Objects.requireNonNull(description, "description");
    edits = List.copyOf(edits);
    if (edits.isEmpty()) {
      throw new IllegalArgumentException("a proposal needs at least one edit");
    }
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be in (0, 1], was " + weight);
    }
  }

  Proposal(String description, List<TextEdit> edits) {
    this(description, edits, 1.0);
  }

  /** This proposal with another weight. */
  Proposal weighted(double newWeight) {
    return new Proposal(description, edits, newWeight);
  }

  String applyTo(String source) {
    return TextEditApplier.apply(source, edits);
  }
}
