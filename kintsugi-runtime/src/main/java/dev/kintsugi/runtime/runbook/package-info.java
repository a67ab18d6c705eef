/**
 * Runbooks: when a signal matches → do actions → verify the signal recovered → else undo and
 * escalate, under guards and the policy, every step stored and audited, learning which action works
 * and measuring MTTR.
 *
 * <h2>The {@code runbooks:} list</h2>
 *
 * <pre>
 * runbooks:
 *   - name: restart-shop-when-unhealthy     # unique
 *     project: shop                         # the project's name
 *     environment: production               # for the policy's runtime rules (default production)
 *     when: { health: shop-http, failing: 3 }               # exactly one of:
 *       # { anomaly: "shop/http_p99_seconds", score: 0.9 }  a point scored ≥ 0.9
 *       # { alert: HighErrorRate }                          the alert fires
 *       # { incident: { exception: java.lang.OutOfMemoryError } } or { incident: { fingerprint: abc } }
 *     do:                                   # ordered; at least one entry
 *       - restart: { ... }                  # an action (its kind is its only field)
 *       - best: [ { flag: {...} }, { circuit: {...} } ]   # alternatives, best-verified first
 *     verify: { within: 60s, every: 5s }    # defaults 60s, 5s; also 500ms, 5m, 1h, 1d, PT10M
 *     else: [ undo, escalate ]              # default both; [] does neither
 *     guards: { dryRun: false, cooldown: 5m, maxAttemptsPerHour: 3, approval: auto }
 * </pre>
 *
 * <p>{@code failing} (default 1) goes with {@code health} only, {@code score} (required, in [0, 1])
 * with {@code anomaly} only. Verify means: the health check passes; a point scored after the action
 * is below {@code score}; the alert no longer fires; no new event of the incident during the whole
 * window. {@code approval: required} makes every run wait for a person; {@code auto} leaves it to
 * the policy ({@code runtime:} section of the policy file, {@link
 * dev.kintsugi.core.policy.RuntimePolicy}): an action kind it refuses refuses the run, one it puts
 * under approval makes the run wait.
 *
 * <h2>Wiring</h2>
 *
 * {@link dev.kintsugi.runtime.runbook.Runbooks#parse} reads the list with an {@link
 * dev.kintsugi.runtime.runbook.ActionParser}; {@link dev.kintsugi.runtime.runbook.RunbookEngine}
 * takes signals; {@link dev.kintsugi.runtime.runbook.RunbookRuns} stores runs (V31); {@link
 * dev.kintsugi.runtime.runbook.RunbookApi} serves runs, approvals and {@link
 * dev.kintsugi.runtime.runbook.Mttr}.
 */
package dev.kintsugi.runtime.runbook;
