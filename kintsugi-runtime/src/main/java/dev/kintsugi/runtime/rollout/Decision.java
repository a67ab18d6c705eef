package dev.kintsugi.runtime.rollout;

/** How a rollout ended. */
public enum Decision {
  /** Every step passed: all traffic goes to the canary, which keeps running. */
  PROMOTED,
  /**
   * A step failed (or stayed inconclusive, or the canary never became ready): no traffic to the
   * canary, its process stopped.
   */
  ROLLED_BACK;

  /** The word reports use: {@code promoted}, {@code rolled-back}. */
  public String wire() {
    return this == PROMOTED ? "promoted" : "rolled-back";
  }
}
