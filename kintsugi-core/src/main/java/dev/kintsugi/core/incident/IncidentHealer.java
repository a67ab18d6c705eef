package dev.kintsugi.core.incident;

/**
 * Heals one production incident: reproduce, repair, validate, deliver. Implemented by {@code
 * kintsugi-heal}; called by the server's heal scheduler, which knows nothing about how.
 */
@FunctionalInterface
public interface IncidentHealer {

  /** Runs one heal to its end; never throws for bad input, the outcome says what happened. */
  IncidentHealOutcome heal(IncidentHealRequest request);
}
