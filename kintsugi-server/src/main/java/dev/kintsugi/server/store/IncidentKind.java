package dev.kintsugi.server.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an incident was made from: error events (healed in code), or a runtime signal (an anomaly, a
 * failing health check, an alert: diagnosed and left to runbooks, never healed in code).
 *
 * <p>Stable: the wire names ({@link #wireName()}) are stored in {@code incident.kind}.
 */
public enum IncidentKind {
  ERROR,
  RUNTIME;

  /** The name used in the database: {@code error} or {@code runtime}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; empty when it is not one. */
  public static Optional<IncidentKind> fromWire(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
  }
}
