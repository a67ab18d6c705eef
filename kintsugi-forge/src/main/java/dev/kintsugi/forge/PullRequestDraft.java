package dev.kintsugi.forge;

import java.util.List;
import java.util.Objects;

/**
 * A pull request to open: the branch with the fix ({@code head}, already pushed) into the branch
 * that was healed ({@code base}).
 *
 * @param labels label names (e.g. {@code kintsugi}, {@code auto-fix}); missing ones are created
 *     where the forge needs that
 */
public record PullRequestDraft(
    String head, String base, String title, String body, List<String> labels) {

  /** The labels every Kintsugi pull request carries. */
  public static final List<String> DEFAULT_LABELS = List.of("kintsugi", "auto-fix");

  public PullRequestDraft {
    requireText(head, "head branch");
    requireText(base, "base branch");
    requireText(title, "title");
    Objects.requireNonNull(body, "body");
    labels = List.copyOf(labels);
    labels.forEach(label -> requireText(label, "label"));
    if (head.equals(base)) {
      throw new IllegalArgumentException("head and base are the same branch: " + head);
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a pull request needs a " + what);
    }
  }
}
