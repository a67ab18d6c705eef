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
   * Like {@link #heal(IncidentHealRequest)}, telling {@code steps} each stage as it begins. A healer
   * that cannot report stages ignores them.
   */
  default IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps) {
    return heal(request);
  }
}
