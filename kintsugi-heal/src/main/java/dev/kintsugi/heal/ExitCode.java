package dev.kintsugi.heal;

/** Process exit codes of the {@code kintsugi} command (contract: DESIGN.md, CLI). */
public final class ExitCode {
  /** Fixed, or nothing to fix. */
  public static final int SUCCESS = 0;

  /** Ran, but found no validated fix (or the target is unhealthy). */
  public static final int NOT_FIXED = 1;

  /** Bad usage or bad input; a one-line reason is printed on stderr. */
  public static final int BAD_INPUT = 2;

  private ExitCode() {}
}
