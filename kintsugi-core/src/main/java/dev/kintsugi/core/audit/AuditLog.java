package dev.kintsugi.core.audit;

/**
 * The audit trail as a stage sees it: append-only. Implementations chain each entry to the one
 * before it by hash (the server's database table, a JSON-lines file for heals run from the command
 * line), so an edited or deleted entry is detected.
 *
 * <p>An action is recorded before it is taken, or, when it cannot be (a pushed branch's name is
 * known only after the push), at once after; {@link #append} returns once the entry is durable.
 */
@FunctionalInterface
public interface AuditLog {

  /**
   * Appends one entry.
   *
   * @throws AuditException when it cannot be recorded: the caller must not take (or go on with) the
   *     action it was recording
   */
  void append(AuditRecord record);

  /** Records nothing: for callers that keep no trail (tests, tools). */
  static AuditLog none() {
    return record -> {};
  }
}
