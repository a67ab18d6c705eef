package dev.kintsugi.core.incident;

/**
 * Heals one production incident: reproduce, repair, validate, deliver. Implemented by {@code
 * kintsugi-heal}; called by the server's heal scheduler, which knows nothing about how.
 */
@FunctionalInterface
public interface IncidentHealer {

  /** Runs one heal to its end; never throws for bad input, the outcome says what happened. */
  IncidentHealOutcome heal(IncidentHealRequest request);

  /**
   * Like {@link #heal(IncidentHealRequest)}, telling {@code steps} each stage as it begins. A
   * healer that cannot report stages ignores them.
   */
  default IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps) {
    return heal(request);
  }

  /**
   * Like {@link #heal(IncidentHealRequest, HealSteps)}, recording every action the heal takes
   * (candidates refused and accepted with their gate, the policy's decision, branch pushed, pull
   * request opened or merged) in {@code audit}. A healer that takes no such action ignores it.
   */
  default IncidentHealOutcome heal(
      IncidentHealRequest request, HealSteps steps, dev.kintsugi.core.audit.AuditLog audit) {
    return heal(request, steps);
  }

  /**
   * Starts preparing the commit a release names (or, without one, the default branch's head) of a
   * project's repository, so that the first incident of that release heals from it; returns at
   * once. A healer that does not prepare ignores it.
   *
   * @param release the release seen in events (untrusted: used only as {@link #heal} would), or
   *     null
   */
  default void prepare(String repository, String release, java.util.List<String> trustedRefs) {}
}
