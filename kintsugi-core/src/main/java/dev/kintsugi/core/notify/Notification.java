package dev.kintsugi.core.notify;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something people should hear about a fix.
 *
 * @param event what happened
 * @param repository the repository (path or URL) or project the fix is for
 * @param title the error the fix is for, one line (untrusted text: escaped by every format)
 * @param summary what was done, one line
 * @param branch the fix branch
 * @param pullRequestUrl the pull request, when one was opened
 * @param confidence the fix's confidence
 * @param decision the policy's decision and why
 */
public record Notification(
    Event event,
    String repository,
    String title,
    String summary,
    String branch,
    Optional<String> pullRequestUrl,
    double confidence,
    String decision) {

  /** The moments worth a message. */
  public enum Event {
    /** A fix was made and delivered as a branch (no pull request, or the policy said notify). */
    FIX_PROPOSED,
    /** A pull request waits for a person's approval. */
    APPROVAL_NEEDED,
    /** A fix was merged (by policy, after green checks, or by a person). */
    MERGED,
    /** A merged fix's error came back in a release that contains it. */
    REGRESSED,
    /**
     * A runtime runbook could not recover a running service (its action did not help, failed, or
     * was refused): a person is needed. No branch; {@code repository} names the project.
     */
    ESCALATED;

    /** {@code fix_proposed}, ... as in payloads. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** How a person reads it: "Fix proposed". */
    public String words() {
      String words = name().toLowerCase(Locale.ROOT).replace('_', ' ');
      return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
  }

  public Notification {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(pullRequestUrl, "pullRequestUrl");
    Objects.requireNonNull(decision, "decision");
  }
}
