package dev.kintsugi.java.repair;

import java.util.List;
import java.util.Objects;

/**
 * What a template proposes: text edits against the original source and a one-line description such
 * as {@code "i <= n → i < n"}.
 */
record Proposal(String description, List<TextEdit> edits) {

  Proposal {
    Objects.requireNonNull(description, "description");
    edits = List.copyOf(edits);
    if (edits.isEmpty()) {
      throw new IllegalArgumentException("a proposal needs at least one edit");
    }
  }

  String applyTo(String source) {
    return TextEditApplier.apply(source, edits);
  }
}
