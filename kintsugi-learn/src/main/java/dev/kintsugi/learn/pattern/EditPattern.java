package dev.kintsugi.learn.pattern;

import java.util.List;
import java.util.Objects;

/**
 * An edit abstracted from a validated fix (Getafix's idea, one example at a time): the expression
 * or statement it changed, with variables turned into holes ({@code $0}, {@code $1}...) and what it
 * became. Method names, type names, literals and the names the fix swapped stay concrete, so {@code
 * i <= items.size()} → {@code i < items.size()} becomes {@code $0 <= $1.size()} → {@code $0 <
 * $1.size()} and matches {@code k <= rows.size()} in another project.
 *
 * @param before the abstract tokens of the changed node before the fix, space-separated
 * @param after the abstract tokens after it, space-separated
 * @param replacement the node's new text with holes, as the fix wrote it (its own spacing)
 * @param concrete names kept as they are when matching (the ones the fix removed or added)
 * @param context the kind of node holding the changed one, e.g. {@code IfStmt}
 * @param kind the changed node's kind, e.g. {@code BinaryExpr}; expressions or statements
 */
public record EditPattern(
    String before,
    String after,
    String replacement,
    List<String> concrete,
    String context,
    String kind) {

  public EditPattern {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(replacement, "replacement");
    concrete = concrete == null ? List.of() : List.copyOf(concrete);
    context = context == null ? "" : context;
    kind = kind == null ? "" : kind;
  }

  /** {@code $0 <= $1 . size ( ) → $0 < $1 . size ( )}: how the report names it. */
  public String describe() {
    return before + " → " + after;
  }
}
