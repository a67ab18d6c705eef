package dev.kintsugi.server.store;

import java.util.Locale;

/**
 * When a project's incidents are healed without being asked: never, on every new incident, or once
 * an incident has been seen {@code threshold} times. Only projects with a repository heal.
 *
 * <p>Stable: {@link #wireName()} values are part of the REST contract.
 */
public record AutoHeal(Mode mode, int threshold) {

  /** The default: heal every new incident of a project that has a repository. */
  public static final AutoHeal ON_NEW = new AutoHeal(Mode.NEW, 1);

  public static final AutoHeal OFF = new AutoHeal(Mode.OFF, 1);

  /** The three policies. */
  public enum Mode {
    OFF,
    NEW,
    THRESHOLD;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AutoHeal {
    if (mode == null) {
      throw new IllegalArgumentException("auto-heal mode is required");
    }
    if (threshold < 1) {
      throw new IllegalArgumentException("heal threshold must be >= 1, was " + threshold);
    }
  }

  /**
   * Parses {@code off}, {@code new} or {@code threshold} (with {@code threshold} events).
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static AutoHeal parse(String mode, int threshold) {
    for (Mode m : Mode.values()) {
      if (m.wireName().equals(mode)) {
        return new AutoHeal(m, m == Mode.THRESHOLD ? threshold : 1);
      }
    }
    throw new IllegalArgumentException(
        "autoHeal must be one of off, new, threshold; was '" + mode + "'");
  }

  public String wireName() {
    return mode.wireName();
  }
}
