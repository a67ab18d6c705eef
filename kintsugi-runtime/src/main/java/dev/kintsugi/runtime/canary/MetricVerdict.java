package dev.kintsugi.runtime.canary;

/** How one metric of a canary compares with its baseline. */
public enum MetricVerdict {
  /** No significant regression. */
  PASS,
  /** Significantly higher, beyond what is allowed, and higher is worse. */
  HIGH,
  /** Significantly lower, beyond what is allowed, and lower is worse. */
  LOW,
  /** Too few samples on one side to say. */
  NODATA;

  /** The word the API uses. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A regression. */
  public boolean failed() {
    return this == HIGH || this == LOW;
  }
}
