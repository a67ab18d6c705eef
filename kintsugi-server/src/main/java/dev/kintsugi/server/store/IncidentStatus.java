package dev.kintsugi.server.store;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Lifecycle of an incident: {@code open → healing → fix_proposed → resolved}, and from any state to
 * {@code ignored}; a new event on a {@code resolved} incident makes it {@code regressed}, which is
 * healed again like an open one.
 *
 * <p>Stable: the wire names ({@link #wireName()}) are part of the REST contract.
 */
public enum IncidentStatus {
  OPEN,
  HEALING,
  FIX_PROPOSED,
  RESOLVED,
  REGRESSED,
  IGNORED;

  /** The name used in JSON and in the database, e.g. {@code fix_proposed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; empty when it is not one. */
  public static Optional<IncidentStatus> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }

  /** Whether a person or the healer may move an incident from this status to {@code next}. */
  public boolean canMoveTo(IncidentStatus next) {
    return next != this && allowedNext().contains(next);
  }

  private Set<IncidentStatus> allowedNext() {
    return switch (this) {
      case OPEN, REGRESSED -> EnumSet.of(HEALING, RESOLVED, IGNORED);
      case HEALING -> EnumSet.of(FIX_PROPOSED, OPEN, RESOLVED, IGNORED);
      case FIX_PROPOSED -> EnumSet.of(RESOLVED, OPEN, IGNORED);
      case RESOLVED -> EnumSet.of(REGRESSED, OPEN, IGNORED);
      case IGNORED -> EnumSet.of(OPEN);
    };
  }
}
