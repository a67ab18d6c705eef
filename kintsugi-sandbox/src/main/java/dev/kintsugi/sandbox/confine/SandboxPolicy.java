package dev.kintsugi.sandbox.confine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the commands of one heal may do: read the system, write only {@code writable} (plus a
 * private {@code /tmp}), never see {@code hidden}, use the network only in Maven's resolve step
 * when {@code resolveNetwork} allows it, and stay within {@code limits}. Stability: public API of
 * the sandbox.
 *
 * @param mode {@link Mode#CONFINED} (the default: bubblewrap is required) or an explicit opt-out
 * @param writable the only host directories a command may write (the heal's scratch directory)
 * @param hidden host directories and files replaced by an empty view (data, secrets); the home
 *     directory is always hidden except for Maven's local repository
 * @param resolveNetwork whether Maven may reach its repositories to fetch missing artifacts
 * @param limits per-command resource limits
 */
public record SandboxPolicy(
    Mode mode, List<Path> writable, List<Path> hidden, Network resolveNetwork, Limits limits) {

  /** Whether commands run confined. */
  public enum Mode {
    /** In bubblewrap; a heal refuses to run where it is missing. */
    CONFINED,
    /** As plain child processes: the operator opted out explicitly; reports carry a warning. */
    UNCONFINED
  }

  /** Network access of the resolve step; every other command has none. */
  public enum Network {
    /** No network at all: a project whose artifacts are not in the local repository fails. */
    NONE,
    /**
     * Maven's own resolve step (no project tests run) shares the host's network, to reach the
     * repositories Maven is configured with. bubblewrap cannot filter by host.
     */
    MAVEN_REPOSITORY
  }

  /**
   * Limits of one confined command (a Maven run or a worker JVM, with everything it starts).
   *
   * @param memoryBytes memory of all its processes together; beyond it the kernel kills one
   * @param pids processes and threads at once (stops fork bombs; a JVM uses 30–100)
   * @param cpus CPU time as a number of cores
   * @param wallTime the longest any single command may run, whatever time it was given
   */
  public record Limits(long memoryBytes, int pids, double cpus, Duration wallTime) {

    public Limits {
      Objects.requireNonNull(wallTime, "wallTime");
      if (memoryBytes < 64L << 20) {
        throw new IllegalArgumentException(
            "sandbox memory limit must be at least 64 MiB, was " + memoryBytes + " bytes");
      }
      if (pids < 16) {
        throw new IllegalArgumentException("sandbox pids limit must be at least 16, was " + pids);
      }
      if (!(cpus >= 0.1)) {
        throw new IllegalArgumentException("sandbox cpus must be at least 0.1, was " + cpus);
      }
      if (wallTime.isNegative() || wallTime.isZero()) {
        throw new IllegalArgumentException("sandbox wall time must be positive, was " + wallTime);
      }
    }

    /** 4 GiB, 1024 processes and threads, all cores, 60 minutes. */
    public static Limits defaults() {
      return new Limits(
          4L << 30, 1024, Runtime.getRuntime().availableProcessors(), Duration.ofMinutes(60));
    }
  }

  public SandboxPolicy {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(resolveNetwork, "resolveNetwork");
    Objects.requireNonNull(limits, "limits");
    writable = absolute(writable, "writable");
    hidden = absolute(hidden, "hidden");
  }

  /** Confined, Maven may resolve, {@code ~/.kintsugi} hidden, default limits, nothing writable. */
  public static SandboxPolicy defaults() {
    return new SandboxPolicy(
        Mode.CONFINED,
        List.of(),
        List.of(Path.of(System.getProperty("user.home"), ".kintsugi")),
        Network.MAVEN_REPOSITORY,
        Limits.defaults());
  }

  /** The explicit opt-out: commands run unconfined and reports say so. */
  public SandboxPolicy unconfined() {
    return new SandboxPolicy(Mode.UNCONFINED, writable, hidden, resolveNetwork, limits);
  }

  public SandboxPolicy withMode(Mode m) {
    return new SandboxPolicy(m, writable, hidden, resolveNetwork, limits);
  }

  /** The same policy with {@code dirs} writable too. */
  public SandboxPolicy withWritable(Path... dirs) {
    List<Path> all = new ArrayList<>(writable);
    all.addAll(List.of(dirs));
    return new SandboxPolicy(mode, all, hidden, resolveNetwork, limits);
  }

  /** The same policy with {@code paths} hidden too. */
  public SandboxPolicy withHidden(Path... paths) {
    List<Path> all = new ArrayList<>(hidden);
    all.addAll(List.of(paths));
    return new SandboxPolicy(mode, writable, all, resolveNetwork, limits);
  }

  public SandboxPolicy withResolveNetwork(Network network) {
    return new SandboxPolicy(mode, writable, hidden, network, limits);
  }

  public SandboxPolicy withLimits(Limits l) {
    return new SandboxPolicy(mode, writable, hidden, resolveNetwork, l);
  }

  private static List<Path> absolute(List<Path> paths, String what) {
    Objects.requireNonNull(paths, what);
    return paths.stream()
        .map(p -> Objects.requireNonNull(p, what + " path").toAbsolutePath().normalize())
        .distinct()
        .toList();
  }
}
