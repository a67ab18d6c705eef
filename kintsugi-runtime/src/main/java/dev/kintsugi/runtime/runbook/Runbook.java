package dev.kintsugi.runtime.runbook;

import dev.kintsugi.runtime.action.RuntimeAction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One runbook, as {@link Runbooks#parse} read it: when {@link #when} matches a signal of {@link
 * #project}, run {@link #steps} in order, verify within {@link #verify}, else undo and/or escalate,
 * all under {@link #guards}.
 *
 * <p>Stable API.
 *
 * @param environment the environment the policy's runtime rules are looked up for
 * @param undoOnFailure {@code else} names {@code undo}: take back the reversible actions, newest
 *     first, when verify fails
 * @param escalateOnFailure {@code else} names {@code escalate}: notify a person
 */
public record Runbook(
    String name,
    String project,
    String environment,
    Trigger when,
    List<Step> steps,
    Verify verify,
    boolean undoOnFailure,
    boolean escalateOnFailure,
    Guards guards) {

  public Runbook {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(when, "when");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a runbook needs at least one step");
    }
    Objects.requireNonNull(verify, "verify");
    Objects.requireNonNull(guards, "guards");
  }

  /** Every action the runbook may take, alternatives included: what the policy must allow. */
  public List<RuntimeAction> actions() {
    return steps.stream().flatMap(s -> s.alternatives().stream()).toList();
  }

  /**
   * One {@code do} entry: a single action, or ({@code best: [...]}) alternatives of which the one
   * that verified most often for this signal kind runs first (the next when it fails to run).
   */
  public record Step(List<RuntimeAction> alternatives) {
    public Step {
      alternatives = List.copyOf(alternatives);
      if (alternatives.isEmpty()) {
        throw new IllegalArgumentException("a step needs at least one action");
      }
    }
  }

  /**
   * {@code verify}: how long to wait for the signal to recover, and how often to look.
   *
   * @param within the deadline after the last action
   * @param every the polling interval
   */
  public record Verify(Duration within, Duration every) {
    public static final Verify DEFAULT = new Verify(Duration.ofSeconds(60), Duration.ofSeconds(5));

    public Verify {
      Objects.requireNonNull(within, "within");
      Objects.requireNonNull(every, "every");
    }
  }

  /**
   * {@code guards}.
   *
   * @param dryRun record what would be done and do nothing
   * @param cooldown no new run of the runbook this soon after the last one started
   * @param maxAttemptsPerHour at most this many runs started in any hour
   * @param approvalRequired a person approves every run (else the policy decides)
   */
  public record Guards(
      boolean dryRun, Duration cooldown, int maxAttemptsPerHour, boolean approvalRequired) {
    public static final Guards DEFAULT = new Guards(false, Duration.ofMinutes(5), 3, false);

    public Guards {
      Objects.requireNonNull(cooldown, "cooldown");
      if (maxAttemptsPerHour < 1) {
        throw new IllegalArgumentException("maxAttemptsPerHour must be ≥ 1");
      }
    }
  }
}
