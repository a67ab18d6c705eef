/**
 * Runtime remediation: a running service degrades, Kintsugi notices it from its metrics, health
 * checks or alerts, diagnoses what changed, and acts under policy — then verifies the action held
 * and learns which actions work.
 *
 * <p>The stages, one package each: {@code signal} (scraping, health checks, Alertmanager, stored
 * series) → {@code detect} (streaming anomaly detectors) → {@code diagnose} (ranked suspected
 * causes of a runtime incident) → {@code runbook} (when → do → verify → else, with guards, the
 * audit trail, learning and MTTR) → {@code action} (what a runbook can do).
 */
package dev.kintsugi.runtime;
