package dev.kintsugi.runtime.action;

/**
 * One thing a runbook can do to a running service: restart it, call an HTTP endpoint, run an
 * allow-listed command, scale or roll a Kubernetes deployment, flip a feature flag, open a circuit
 * in the agent. Built from a runbook's {@code do} entry, validated when the runbook is read.
 */
public interface RuntimeAction {

  /**
   * The action's kind as runbooks and policies name it ({@code restart}, {@code http}, {@code
   * command}, {@code kubernetes.scale}, {@code kubernetes.restart}, {@code kubernetes.undo}, {@code
   * flag}, {@code circuit}, {@code systemd}).
   */
  String kind();

  /** What the action would do, in one line, without secrets (shown for dry runs and in audit). */
  String describe();

  /**
   * Does it. Never throws for a failure of the target: the outcome says what went wrong.
   *
   * @throws InterruptedException if the thread is interrupted while waiting on the target
   */
  ActionOutcome run() throws InterruptedException;
}
