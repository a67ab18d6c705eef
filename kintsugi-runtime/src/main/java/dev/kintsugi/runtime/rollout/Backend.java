package dev.kintsugi.runtime.rollout;

/** Which version behind the proxy served a request. */
public enum Backend {
  /** The version already running, which the rollout would replace. */
  STABLE,
  /** The new version, started by the rollout. */
  CANARY;

  /** The word reports use: {@code stable}, {@code canary}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
