package dev.kintsugi.server.store;

/**
 * Who a person says they are when they act on a fix through REST or the dashboard ({@code "by"}):
 * the actor the audit trail records ({@code audit_entry.actor}) and the runs show. One line of
 * ordinary text: it is shown to people and written in commits and pull request comments.
 */
public final class PersonName {

  /** Most characters a name keeps ({@code audit_entry.actor}, {@code heal_run.merged_by}). */
  public static final int MAX = 200;

  private PersonName() {}

  /**
   * The name, stripped.
   *
   * @param raw as given; null when absent
   * @param who what the name says, for the error ({@code who merged it})
   * @throws IllegalArgumentException naming what is wrong: absent, blank, too long, or holding
   *     control or formatting characters
   */
  public static String check(String raw, String who) {
    String by = raw == null ? "" : raw.strip();
    if (by.isEmpty() || by.length() > MAX) {
      throw new IllegalArgumentException("by is required: " + who + ", 1-" + MAX + " characters");
    }
    if (by.codePoints()
        .anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
      throw new IllegalArgumentException("by must not contain control or formatting characters");
    }
    return by;
  }
}
