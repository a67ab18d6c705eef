package dev.kintsugi.core.policy;

/**
 * A policy file that cannot be used; the message names the file and the field, e.g. {@code
 * .kintsugi/policy.yml: thresholds.production.critical.autoMerge must be a number in [0, 1], was
 * "high"}.
 */
public final class PolicyException extends Exception {

  public PolicyException(String message) {
    super(message);
  }
}
