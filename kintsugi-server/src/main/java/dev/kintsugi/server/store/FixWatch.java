package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A merged fix watched after release ({@code fix_watch}, V26): which incident, fingerprint and
 * repository, which commits hold the fix, since when, and, once an event of a release containing
 * the fix showed the error again, where it regressed and what reverting it did.
 *
 * @param state {@link #WATCHING}, {@link #REGRESSED}, {@link #REPLACED} (a later merged fix of the
 *     incident is watched instead) or {@link #CLOSED} (a person moved the regressed incident on)
 * @param lastEventId the incident's events up to this row id were looked at
 * @param revertPullRequestUrl the revert's pull request, when one was opened
 */
public record FixWatch(
    long id,
    long incidentId,
    long projectId,
    long healRunId,
    String fingerprint,
    String repository,
    String fixCommit,
    Optional<String> mergeCommit,
    Instant since,
    String state,
    long lastEventId,
    Optional<String> regressedIn,
    Optional<Instant> regressedAt,
    Optional<String> revertBranch,
    Optional<String> revertCommit,
    Optional<String> revertPullRequestUrl,
    Optional<Integer> revertPullRequestNumber,
    Optional<String> revertSummary,
    Optional<String> ledger) {

  public static final String WATCHING = "watching";
  public static final String REGRESSED = "regressed";
  public static final String REPLACED = "replaced";
  public static final String CLOSED = "closed";

  public FixWatch {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(fixCommit, "fixCommit");
    Objects.requireNonNull(mergeCommit, "mergeCommit");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(regressedIn, "regressedIn");
    Objects.requireNonNull(regressedAt, "regressedAt");
    Objects.requireNonNull(revertBranch, "revertBranch");
    Objects.requireNonNull(revertCommit, "revertCommit");
    Objects.requireNonNull(revertPullRequestUrl, "revertPullRequestUrl");
    Objects.requireNonNull(revertPullRequestNumber, "revertPullRequestNumber");
    Objects.requireNonNull(revertSummary, "revertSummary");
    Objects.requireNonNull(ledger, "ledger");
  }

  /** The commits whose presence in a release means the release has the fix. */
  public java.util.List<String> commits() {
    return mergeCommit.isPresent() && !mergeCommit.get().equals(fixCommit)
        ? java.util.List.of(fixCommit, mergeCommit.get())
        : java.util.List.of(fixCommit);
  }
}
