package dev.kintsugi.core.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditChain#verify} found.
 *
 * @param entries the entries found intact before the first bad one (all of them when none is)
 * @param firstBad the first entry that was edited, deleted around, moved or cut off, and why
 */
public record AuditVerification(long entries, Optional<BadEntry> firstBad) {

  public AuditVerification {
    Objects.requireNonNull(firstBad, "firstBad");
  }

  /**
   * The first entry that does not verify.
   *
   * @param seq its sequence number: the entry whose hash or link is wrong, or the recorded head a
   *     cut-off chain no longer reaches; 0 when the entry could not even be read
   * @param why what is wrong, for a person
   */
  public record BadEntry(long seq, String why) {}

  /** Whether every entry verified. */
  public boolean ok() {
    return firstBad.isEmpty();
  }

  static AuditVerification intact(long entries) {
    return new AuditVerification(entries, Optional.empty());
  }

  static AuditVerification bad(long entries, long seq, String why) {
    return new AuditVerification(entries, Optional.of(new BadEntry(seq, why)));
  }
}
