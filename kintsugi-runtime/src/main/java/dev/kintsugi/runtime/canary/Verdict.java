package dev.kintsugi.runtime.canary;

/** A canary interval's verdict. */
public enum Verdict {
  /** Promote (or go on to the next step). */
  PASS,
  /** Roll back. */
  FAIL,
  /** Not enough evidence either way: wait for more data. */
  INCONCLUSIVE;

  /** The word the API uses: {@code pass}, {@code fail}, {@code inconclusive}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
