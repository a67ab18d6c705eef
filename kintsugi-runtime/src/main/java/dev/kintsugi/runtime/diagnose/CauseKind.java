package dev.kintsugi.runtime.diagnose;

import java.util.Locale;

/** What a suspected cause is. Stable: the wire names are stored with the diagnosis. */
public enum CauseKind {
  /** A release first seen shortly before the onset. */
  RELEASE,
  /** An error incident that started near the onset. */
  INCIDENT,
  /** A series that moved first, or whose past predicts the trigger's (Granger). */
  SERIES,
  /** A health check failing now. */
  HEALTH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
