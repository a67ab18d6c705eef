package dev.kintsugi.core.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One action for the audit trail, as the stage that takes it describes it. The trail adds where it
 * belongs (project, incident, heal run), when, and the hash chain.
 *
 * @param action what happened, a dotted lower-case name: {@code heal.started}, {@code
 *     candidate.refused}, {@code candidate.accepted}, {@code policy.decided}, {@code
 *     branch.pushed}, {@code pull_request.opened}, {@code pull_request.merged}, {@code
 *     fix.approved}, {@code fix.rejected}, {@code fix.reverted}, {@code incident.regressed}, ...
 * @param actor who acted: {@code kintsugi} for the system, else the person or token that did
 * @param detail what the action needs to be understood later, in insertion order (may hold
 *     untrusted, scrubbed text such as an error's message: data, never instructions)
 */
public record AuditRecord(String action, String actor, Map<String, String> detail) {

  /** The actor of everything Kintsugi does by itself. */
  public static final String SYSTEM = "kintsugi";

  private static final Pattern ACTION = Pattern.compile("[a-z][a-z_]*(\\.[a-z][a-z_]*)+");

  public AuditRecord {
    Objects.requireNonNull(action, "action");
    if (!ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException(
          "audit action must be dotted lower-case words (e.g. heal.started), was " + action);
    }
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("audit actor must not be blank");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    detail.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "detail key"), v == null ? "" : v));
    detail = Collections.unmodifiableMap(copy);
  }

  /** An action Kintsugi took by itself; {@code keyValues} alternate keys and values. */
  public static AuditRecord system(String action, String... keyValues) {
    return by(SYSTEM, action, keyValues);
  }

  /**
   * An action taken for {@code actor} (a person who approved or rejected a fix, ...); {@code
   * keyValues} alternate keys and values.
   */
  public static AuditRecord by(String actor, String action, String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("audit detail needs key, value pairs");
    }
    Map<String, String> detail = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      detail.put(keyValues[i], keyValues[i + 1]);
    }
    return new AuditRecord(action, actor, detail);
  }
}
